import type { LocalStorage } from '../../storage/local-storage.ts';
import type { NotesRepository } from './notes.repository.ts';
import { ATTACHMENTS_PREFIX } from './notes.service.ts';

export interface AttachmentFilesCheck {
  /** Files under attachments/ that no row names (a crash between writing and recording). */
  orphans: string[];
  /** Orphans removed (with `fix`). */
  removed: string[];
  /** Rows whose file is missing: reported, never "fixed" (the bytes are gone). */
  missing: { attachmentId: number; key: string }[];
}

/**
 * Compares the attachment folder with the attachment rows. Files younger than `graceMs` are left
 * alone: an upload in flight writes its file a moment before its row.
 */
export async function checkAttachmentFiles(
  repo: NotesRepository,
  storage: LocalStorage,
  options: { fix: boolean; graceMs?: number; now?: Date },
): Promise<AttachmentFilesCheck> {
  const graceMs = options.graceMs ?? 15 * 60_000;
  const now = options.now ?? new Date();
  const rows = await repo.attachmentKeys();
  const known = new Set(rows.map((r) => r.key));
  const files = await storage.list(ATTACHMENTS_PREFIX);
  const onDisk = new Set(files.map((f) => f.key));
  const orphans = files
    .filter((f) => !known.has(f.key) && now.getTime() - f.modifiedAt.getTime() >= graceMs)
    .map((f) => f.key)
    .sort();
  const removed: string[] = [];
  if (options.fix) {
    for (const key of orphans) {
      await storage.remove(key);
      removed.push(key);
    }
  }
  const missing = rows
    .filter((row) => !onDisk.has(row.key))
    .map((row) => ({ attachmentId: row.id, key: row.key }));
  return { orphans, removed, missing };
}
