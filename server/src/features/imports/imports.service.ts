import { isUniqueViolation } from '../../db/errors.ts';
import type { ImportSource } from '../../db/tables/import-jobs.table.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { LocalStorage } from '../../storage/local-storage.ts';
import type { ImportFileChecker } from './import-file.ts';
import type { ImportJobRow, ImportsRepository } from './imports.repository.ts';
import type { ImportJobView } from './imports.schemas.ts';

export const MAX_REPORTED_ERRORS = 1000;

export function toJobView(row: ImportJobRow): ImportJobView {
  return {
    id: row.id,
    source: row.source,
    fileName: row.fileName,
    status: row.status,
    total: row.total,
    processed: row.cursor,
    imported: row.imported,
    skipped: row.skipped,
    failed: row.failed,
    errors: JSON.parse(row.errors) as { row: number; message: string }[],
    message: row.message,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

export interface UploadedFile {
  tempPath: string;
  fileName: string;
}

export class ImportsService {
  readonly #repo: ImportsRepository;
  readonly #storage: LocalStorage;
  readonly #kick: () => void;
  readonly #files: Pick<ImportFileChecker, 'check'>;

  /**
   * `files` checks an upload where the runner lives (and keeps it parsed for it); `kick` wakes
   * the runner when a job is queued.
   */
  constructor(
    repo: ImportsRepository,
    storage: LocalStorage,
    files: Pick<ImportFileChecker, 'check'>,
    kick: () => void,
  ) {
    this.#repo = repo;
    this.#storage = storage;
    this.#files = files;
    this.#kick = kick;
  }

  async create(userId: number, source: ImportSource, file: UploadedFile): Promise<ImportJobView> {
    let keep = false;
    try {
      if (await this.#repo.findActive(userId)) throw this.#busy();
      const key = `imports/${crypto.randomUUID()}.${source === 'book-tracker' ? 'data' : 'csv'}`;
      const total = await this.#files.check(source, file.tempPath, key);
      await this.#storage.moveFrom(file.tempPath, key);
      keep = true;
      let row: ImportJobRow;
      try {
        row = await this.#repo.insertJob({
          userId,
          source,
          fileName: file.fileName || 'import',
          fileKey: key,
          total,
          now: new Date().toISOString(),
        });
      } catch (err) {
        await this.#storage.remove(key);
        // Another upload of this reader got in first; the partial unique index decides.
        if (isUniqueViolation(err)) throw this.#busy();
        throw err;
      }
      this.#kick();
      return toJobView(row);
    } finally {
      if (!keep) await this.#storage.removeTemp(file.tempPath);
    }
  }

  async get(userId: number, id: number): Promise<ImportJobView> {
    const row = await this.#repo.findJob(userId, id);
    if (!row) throw new NotFoundError('Import');
    return toJobView(row);
  }

  async list(userId: number, query: { limit?: number; cursor?: string }) {
    const limit = query.limit ?? 20;
    const rows = await this.#repo.listJobs(userId, query.cursor ? Number(query.cursor) : null, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toJobView), nextCursor: rows.length > limit && last ? String(last.id) : null };
  }

  #busy() {
    return new ConflictError('An import is already running; wait for it to finish.', 'import_running');
  }
}
