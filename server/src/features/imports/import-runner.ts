import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import { isUniqueViolation } from '../../db/errors.ts';
import type { DbExecutor } from '../../db/executor.ts';
import type { LocalStorage } from '../../storage/local-storage.ts';
import type { ActivityWriter } from '../activities/index.ts';
import { mapRows, type ParsedFile, parseImportFile } from './import-file.ts';
import type { ImportRecord } from './import-record.ts';
import { type ImportJobRow, type ImportsRepository, LostJobError } from './imports.repository.ts';
import { MAX_REPORTED_ERRORS } from './imports.service.ts';

export interface ImportRunnerOptions {
  /** Rows per committed batch. */
  batchSize?: number;
  /** A running job whose last commit is older than this is taken as abandoned (its process died). */
  staleAfterMs: number;
  /** How often an idle runner looks for work another process queued. */
  pollMs?: number;
  /** Attempts before a job that keeps dying ends `failed` (the rows done so far stay). */
  maxAttempts?: number;
  /** Records the import's one feed line ("added 312 books"), in the transaction that ends the job. */
  activities?: Pick<ActivityWriter, 'recordBatch'> | null;
}

/**
 * Runs import jobs inside the server process, one at a time, in committed batches. Each batch and
 * the job's cursor commit together, so a killed process leaves whole batches only; the next runner
 * (this process restarted, or another one) takes the job over once its heartbeat is stale and goes
 * on from the cursor.
 */
export class ImportRunner {
  readonly #repo: ImportsRepository;
  readonly #storage: LocalStorage;
  readonly #log: Pick<FastifyBaseLogger, 'error' | 'warn'>;
  readonly #options: Required<Omit<ImportRunnerOptions, 'activities'>>;
  readonly #activities: Pick<ActivityWriter, 'recordBatch'> | null;
  readonly worker = `${process.pid}-${randomUUID().slice(0, 8)}`;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    repo: ImportsRepository,
    storage: LocalStorage,
    log: Pick<FastifyBaseLogger, 'error' | 'warn'>,
    options: ImportRunnerOptions,
  ) {
    this.#repo = repo;
    this.#storage = storage;
    this.#log = log;
    this.#options = {
      batchSize: options.batchSize ?? 500,
      staleAfterMs: options.staleAfterMs,
      pollMs: options.pollMs ?? 5000,
      maxAttempts: options.maxAttempts ?? 3,
    };
    this.#activities = options.activities ?? null;
  }

  start(): void {
    this.#stopped = false;
    this.kick();
    this.#timer = setInterval(() => this.kick(), this.#options.pollMs);
    this.#timer.unref();
  }

  /** Looks for work now (a job was queued). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain()
      .catch((err: unknown) => this.#log.error({ err }, 'import runner failed'))
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Stops after the batch in hand; the job stays `running` and is resumed later. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }

  async #drain(): Promise<void> {
    while (!this.#stopped) {
      const now = new Date();
      const job = await this.#repo.claimNext(
        this.worker,
        now.toISOString(),
        new Date(now.getTime() - this.#options.staleAfterMs).toISOString(),
      );
      if (!job) return;
      await this.#run(job);
    }
  }

  async #run(job: ImportJobRow): Promise<void> {
    let imported = job.imported;
    const finish = async (status: 'done' | 'failed', message: string | null) => {
      const activities = this.#activities;
      // One line in the feed for the whole import, whatever share of it was done.
      const alongside =
        activities && imported > 0
          ? (tx: DbExecutor) =>
              activities
                .recordBatch(tx, { userId: job.userId, count: imported, visibility: 'public' })
                .then(() => {})
          : null;
      if (
        await this.#repo.finishJob(job.id, this.worker, status, message, new Date().toISOString(), alongside)
      ) {
        await this.#storage.remove(job.fileKey);
      }
    };
    if (job.attempts > this.#options.maxAttempts) {
      await finish(
        'failed',
        `Stopped after ${this.#options.maxAttempts} attempts; the rows before it was stopped are kept.`,
      );
      return;
    }
    let file: ParsedFile;
    try {
      if (!job.fileKey) throw new Error('the uploaded file is gone');
      file = await parseImportFile(job.source, await readFile(this.#storage.resolve(job.fileKey)));
    } catch (err) {
      await finish('failed', `The file could not be read again: ${(err as Error).message}`);
      return;
    }
    let cursor = job.cursor;
    const total = file.kind === 'csv' ? file.rows.length : file.document.entries.length;
    try {
      while (cursor < total) {
        if (this.#stopped) return;
        const next = Math.min(total, cursor + this.#options.batchSize);
        const mapped = mapRows(file, cursor, next);
        const records: ImportRecord[] = [];
        const failures: { row: number; message: string }[] = [];
        for (const m of mapped) {
          if (m.ok) records.push(m.record);
          else failures.push({ row: m.row, message: m.message });
        }
        const outcome = await this.#applyWithRetry(job, records, failures, next);
        imported += outcome.imported;
        cursor = next;
        // Let requests in between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await finish('done', null);
    } catch (err) {
      if (err instanceof LostJobError) return;
      this.#log.error({ err, jobId: job.id }, 'import failed');
      await finish('failed', 'The import stopped on an unexpected error; the rows before it are kept.');
    }
  }

  async #applyWithRetry(
    job: ImportJobRow,
    records: ImportRecord[],
    failures: { row: number; message: string }[],
    next: number,
  ) {
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.#repo.applyBatch(
          { id: job.id, userId: job.userId, worker: this.worker },
          records,
          failures,
          next,
          new Date().toISOString(),
          MAX_REPORTED_ERRORS,
        );
        if (!outcome) throw new LostJobError();
        return outcome;
      } catch (err) {
        // Another import stored the same new book (same ISBN) meanwhile: the retry finds it.
        if (isUniqueViolation(err) && attempt < 3) continue;
        throw err;
      }
    }
  }
}
