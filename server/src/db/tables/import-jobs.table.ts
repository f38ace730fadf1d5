import type { Generated } from 'kysely';

export type ImportSource = 'goodreads' | 'storygraph' | 'book-tracker';
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';

/** A background import of one uploaded file, committed in batches; `cursor` is the next row to do. */
export interface ImportJobsTable {
  id: Generated<number>;
  userId: number;
  source: ImportSource;
  status: ImportStatus;
  fileName: string;
  fileKey: string | null;
  total: number;
  cursor: number;
  imported: number;
  skipped: number;
  failed: number;
  /** JSON array of `{row, message}`. */
  errors: string;
  message: string | null;
  attempts: number;
  lockedBy: string | null;
  heartbeatAt: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}
