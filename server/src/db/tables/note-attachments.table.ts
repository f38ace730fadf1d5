import type { Generated } from 'kysely';

/** A file attached to a note, stored under a random key through the storage layer. */
export interface NoteAttachmentsTable {
  id: Generated<number>;
  noteId: number;
  userId: number;
  /** The name the reader gave the file, cleaned of path and control characters. */
  fileName: string;
  /** The type found from the content (never the declared one). */
  mimeType: string;
  /** Bytes of the stored file. */
  size: number;
  /** SHA-256 of the stored file, hex; also its ETag. */
  sha256: string;
  storageKey: string;
  thumbnailKey: string | null;
  thumbnailSize: number | null;
  width: number | null;
  height: number | null;
  createdAt: string;
}
