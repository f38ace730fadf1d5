import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { isUniqueViolation } from '../../db/errors.ts';
import type { DbExecutor } from '../../db/executor.ts';
import type { Visibility } from '../../db/tables/library-entries.table.ts';
import { AppError } from '../../errors.ts';
import { SweepLoop } from '../../lib/sweep-loop.ts';
import { FileTooLargeError, type LocalStorage } from '../../storage/local-storage.ts';
import type { ActivityWriter } from '../activities/index.ts';
import type { NotesService, RestoredAttachment } from '../journals/index.ts';
import type { SocialService } from '../social/index.ts';
import {
  type ExtraItem,
  extraItems,
  filesFromZip,
  mapRows,
  type ParsedFile,
  type ParsedFiles,
  parseImportFile,
  rowCount,
} from './import-file.ts';
import type { ImportRecord, MappedRow } from './import-record.ts';
import {
  type BatchOutcome,
  type ImportJobRow,
  type ImportsRepository,
  LostJobError,
} from './imports.repository.ts';
import { MAX_REPORTED_ERRORS } from './imports.service.ts';

const FIRST_BATCH = 100;
/** Journal entries, notes and goals per batch (a note may bring files). */
const EXTRAS_BATCH = 50;
const MIN_BATCH = 10;
const IDLE_BATCH = 500;
const BUSY_BATCH_MS = 8;
const MAX_GIVE_WAY_MS = 100;

export interface ImportRunnerOptions {
  /** Rows per committed batch, fixed (tests); by default batches are sized by time, see #nextSize. */
  batchSize?: number;
  /** A running job whose last commit is older than this is taken as abandoned (its process died). */
  staleAfterMs: number;
  /** How often an idle runner looks for work another process queued. */
  pollMs?: number;
  /** Attempts before a job that keeps dying ends `failed` (the rows done so far stay). */
  maxAttempts?: number;
  /** Records the import's one feed line ("added 312 books"), in the transaction that ends the job. */
  activities?: Pick<ActivityWriter, 'recordBatch'> | null;
  /** Files the upload already parsed in this process. */
  parsed?: ParsedFiles | null;
  /** Stores attachment files an archive brings back. */
  attachments?: Pick<NotesService, 'restoreAttachment'> | null;
  /**
   * True when a transaction holds the connection every request needs (SQLite): then batches
   * shrink and wait while requests are in flight. On PostgreSQL requests use other connections.
   */
  sharedConnection?: boolean;
  /** Rows per batch when nothing asks the runner to give way (500 by default). */
  idleBatch?: number;
  /** Restores an export's follows and blocks, by the social feature's own rules. */
  social?: Pick<SocialService, 'follow' | 'block'> | null;
  /** Called after a job ends (done or failed), e.g. to wake the enrichment job for its new books. */
  onFinished?: (() => void) | null;
}

const MAP_SLICE = 50;

function addCounts(into: Record<Visibility, number>, more: Record<Visibility, number>): void {
  into.public += more.public;
  into.followers += more.followers;
  into.private += more.private;
}

/** mapRows with a turn of the event loop every MAP_SLICE rows, so the batch being stored goes on meanwhile. */
async function mapRowsInSlices(file: ParsedFile, from: number, to: number): Promise<MappedRow[]> {
  const out: MappedRow[] = [];
  for (let i = from; i < to; i += MAP_SLICE) {
    await new Promise((resolve) => setImmediate(resolve));
    out.push(...mapRows(file, i, Math.min(to, i + MAP_SLICE)));
  }
  return out;
}

/**
 * Runs import jobs inside the server process, one at a time, in committed batches. Each batch and
 * the job's cursor commit together, so a killed process leaves whole batches only; the next runner
 * (this process restarted, or another one) takes the job over once its heartbeat is stale and goes
 * on from the cursor.
 */
export class ImportRunner extends SweepLoop {
  protected readonly jobName = 'import runner';
  readonly #repo: ImportsRepository;
  readonly #storage: LocalStorage;
  readonly #log: Pick<FastifyBaseLogger, 'error' | 'warn'>;
  readonly #options: Required<
    Omit<
      ImportRunnerOptions,
      | 'activities'
      | 'batchSize'
      | 'parsed'
      | 'sharedConnection'
      | 'attachments'
      | 'idleBatch'
      | 'social'
      | 'onFinished'
    >
  >;
  readonly #idleBatch: number;
  readonly #sharedConnection: boolean;
  readonly #fixedBatch: number | null;
  /** HTTP requests this process is answering (0 when no server is attached, as in tests). */
  #inFlight = 0;
  readonly #activities: Pick<ActivityWriter, 'recordBatch'> | null;
  readonly #parsed: ParsedFiles | null;
  readonly #attachments: Pick<NotesService, 'restoreAttachment'> | null;
  readonly #social: Pick<SocialService, 'follow' | 'block'> | null;
  readonly #onFinished: (() => void) | null;
  readonly worker = `${process.pid}-${randomUUID().slice(0, 8)}`;
  #gauged = false;

  constructor(
    repo: ImportsRepository,
    storage: LocalStorage,
    log: Pick<FastifyBaseLogger, 'error' | 'warn'>,
    options: ImportRunnerOptions,
  ) {
    super();
    this.#repo = repo;
    this.#storage = storage;
    this.#log = log;
    this.#fixedBatch = options.batchSize ?? null;
    this.#options = {
      staleAfterMs: options.staleAfterMs,
      pollMs: options.pollMs ?? 5000,
      maxAttempts: options.maxAttempts ?? 3,
    };
    this.#activities = options.activities ?? null;
    this.#parsed = options.parsed ?? null;
    this.#attachments = options.attachments ?? null;
    this.#sharedConnection = options.sharedConnection ?? false;
    this.#idleBatch = options.idleBatch ?? IDLE_BATCH;
    this.#social = options.social ?? null;
    this.#onFinished = options.onFinished ?? null;
  }

  protected get log() {
    return this.#log;
  }

  /** A sweep that threw is an error here (a job's own failures end the job instead). */
  protected override sweepFailed(err: unknown): void {
    this.#log.error({ err }, 'import runner failed');
  }

  /**
   * Starts looking for work. With the HTTP server, the runner counts the requests in flight and
   * gives way to them between batches (imports are background work: a reader's page must not
   * queue behind them).
   */
  start(server?: Pick<Server, 'on'>): void {
    if (server && !this.#gauged) {
      this.#gauged = true;
      server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        // An import's own progress polls are not load to give way to.
        if (req.method === 'GET' && req.url?.startsWith('/api/imports')) return;
        this.#inFlight += 1;
        res.once('close', () => {
          this.#inFlight -= 1;
        });
      });
    }
    this.startSweeping(this.#options.pollMs / 1000);
  }

  /** Runs every job there is now, one at a time (a kick asks for this soon: a job was queued). */
  async runOnce(): Promise<number> {
    let jobs = 0;
    while (!this.stopped) {
      const now = new Date();
      const job = await this.#repo.claimNext(
        this.worker,
        now.toISOString(),
        new Date(now.getTime() - this.#options.staleAfterMs).toISOString(),
      );
      if (!job) break;
      await this.#run(job);
      jobs += 1;
    }
    return jobs;
  }

  async #run(job: ImportJobRow): Promise<void> {
    // Books added by their visibility, for the feed line. A resumed job's rows from before it
    // stopped are counted as private: what they were shared as is not kept, and a count must
    // never include what a follower may not see.
    const added: Record<Visibility, number> = { public: 0, followers: 0, private: job.imported };
    const finish = async (status: 'done' | 'failed', message: string | null) => {
      const activities = this.#activities;
      // One line in the feed for the whole import, whatever share of it was done.
      const alongside = activities
        ? (tx: DbExecutor) => activities.recordBatch(tx, { userId: job.userId, added }).then(() => {})
        : null;
      if (
        await this.#repo.finishJob(job.id, this.worker, status, message, new Date().toISOString(), alongside)
      ) {
        await this.#storage.remove(job.fileKey);
        this.#onFinished?.();
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
      file =
        this.#parsed?.take(job.fileKey) ??
        (await parseImportFile(job.source, this.#storage.resolve(job.fileKey)));
    } catch (err) {
      await finish('failed', `The file could not be read again: ${(err as Error).message}`);
      return;
    }
    let cursor = job.cursor;
    const total = rowCount(file);
    // Our own export: its entries first, then its journal entries, notes and goals.
    const entries = file.kind === 'csv' ? total : file.document.entries.length;
    try {
      let size = this.#fixedBatch ?? (this.#sharedConnection ? FIRST_BATCH : this.#idleBatch);
      let msPerRow = 0;
      let ahead: { from: number; to: number; rows: MappedRow[] } | null = null;
      while (cursor < total) {
        if (this.stopped) return;
        if (file.kind === 'json' && cursor >= entries) {
          const next = Math.min(total, cursor + EXTRAS_BATCH);
          const items = extraItems(file.document, cursor, next);
          const { restored, failures } = await this.#restoreFiles(job, file.archive, items);
          const relations = await this.#restoreRelations(job.userId, items);
          const outcome = await this.#retry(() =>
            this.#repo.applyExtras(
              { id: job.id, userId: job.userId, worker: this.worker },
              items,
              restored,
              failures,
              next,
              new Date().toISOString(),
              MAX_REPORTED_ERRORS,
              relations,
            ),
          );
          addCounts(added, outcome.created);
          cursor = next;
          await this.#giveWay(0);
          continue;
        }
        const next = Math.min(entries, cursor + size);
        const started = performance.now();
        const mapped = ahead?.from === cursor && ahead.to === next ? ahead.rows : mapRows(file, cursor, next);
        ahead = null;
        const records: ImportRecord[] = [];
        const failures: { row: number; message: string }[] = [];
        for (const m of mapped) {
          if (m.ok) records.push(m.record);
          else failures.push({ row: m.row, message: m.message });
        }
        const applying = this.#applyWithRetry(job, records, failures, next);
        // On a connection of its own, the next batch's rows are mapped while the database stores
        // this one (CPU here and in the database at once: ~0.5 s of a 10k-row import on PostgreSQL).
        const following = Math.min(entries, next + size);
        const mapping =
          !this.#sharedConnection && next < following ? mapRowsInSlices(file, next, following) : null;
        const [outcome, rows] = await Promise.all([applying, mapping]);
        if (rows) ahead = { from: next, to: following, rows };
        const took = performance.now() - started;
        addCounts(added, outcome.created);
        const count = next - cursor;
        cursor = next;
        msPerRow = msPerRow === 0 ? took / count : 0.7 * msPerRow + (0.3 * took) / count;
        await this.#giveWay(took);
        if (this.#fixedBatch === null) size = this.#nextSize(msPerRow);
      }
      await finish('done', null);
    } catch (err) {
      if (err instanceof LostJobError) return;
      this.#log.error({ err, jobId: job.id }, 'import failed');
      await finish('failed', 'The import stopped on an unexpected error; the rows before it are kept.');
    }
  }

  /**
   * Between batches: let requests in (setImmediate); on a shared connection (SQLite), while some
   * are in flight, wait for them up to as long as the batch took, so under load the import
   * takes at most about twice as long and a page never queues behind more than one batch.
   */
  async #giveWay(batchMs: number): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (!this.#sharedConnection) return;
    const until = performance.now() + Math.min(batchMs, MAX_GIVE_WAY_MS);
    while (this.#inFlight > 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 1));
  }

  /**
   * Rows for the next batch: IDLE_BATCH when no request is in flight (fewer, larger commits go
   * faster), else as many as take ~BUSY_BATCH_MS by the time a row took so far (on SQLite a
   * transaction holds the one connection, so a page waits for at most one short batch).
   * Measured with `npm run bench -- --data` (docs/performance.md).
   */
  #nextSize(msPerRow: number): number {
    if (this.#inFlight === 0 || !this.#sharedConnection) return this.#idleBatch;
    const rows = Math.round(BUSY_BATCH_MS / Math.max(msPerRow, 0.001));
    return Math.min(this.#idleBatch, Math.max(MIN_BATCH, rows));
  }

  /**
   * The attachment files of a batch's notes, out of the uploaded archive and into storage
   * (skipping notes the reader already has: a re-import stores no file twice). A file that is
   * missing, too large, of a refused type or not matching its SHA-256 fails its note's row;
   * the note itself is still imported.
   */
  async #restoreFiles(job: ImportJobRow, archive: boolean, items: ExtraItem[]) {
    const restored = new Map<number, RestoredAttachment[]>();
    const failures: { row: number; message: string }[] = [];
    const notes = items.flatMap((i) => (i.kind === 'note' && i.attachments.length > 0 ? [i] : []));
    if (!archive || notes.length === 0 || !job.fileKey || !this.#attachments) return { restored, failures };
    const known = await this.#repo.knownNotes(
      job.userId,
      notes.map((n) => n.note),
    );
    const wanted = new Map<string, number>();
    const fresh = notes.filter((n) => !known.has(`${n.note.createdAt}\u0000${n.note.content}`));
    for (const n of fresh) for (const a of n.attachments) wanted.set(a.path, a.size);
    const files = await filesFromZip(this.#storage.resolve(job.fileKey), wanted, (stream, maxBytes) =>
      this.#storage.receive(stream as Readable, maxBytes),
    );
    let pending = 0;
    for (const n of fresh) {
      for (const a of n.attachments) {
        const file = files.get(a.path);
        files.delete(a.path);
        try {
          if (!file) throw new Error('the archive does not hold it');
          if (file instanceof Error) throw file;
          const row = await this.#attachments.restoreAttachment(
            job.userId,
            { tempPath: file.tempPath, size: file.size, fileName: a.fileName, sha256: a.sha256 },
            pending,
          );
          pending += row.size + (row.thumbnailSize ?? 0);
          restored.set(n.row, [...(restored.get(n.row) ?? []), row]);
        } catch (err) {
          const reason =
            err instanceof FileTooLargeError ? 'larger than the export says' : (err as Error).message;
          failures.push({ row: n.row, message: `attachment ${a.fileName}: ${reason}` });
        }
      }
    }
    // Files of the same path named twice, or left over: not kept.
    for (const file of files.values())
      if (!(file instanceof Error)) await this.#storage.removeTemp(file.tempPath);
    return { restored, failures };
  }

  /**
   * An export's blocks and follows, through the social feature (its rules: no following oneself,
   * nobody across a block). Usernames belong to the instance the export came from: a reader who
   * is not here, or who cannot be followed, is a skipped row, not a failure. Both are idempotent,
   * so a batch done again after a crash changes nothing; a follow already there is skipped.
   */
  async #restoreRelations(
    userId: number,
    items: ExtraItem[],
  ): Promise<{ imported: number; skipped: number }> {
    const counted = { imported: 0, skipped: 0 };
    for (const item of items) {
      if (item.kind !== 'block' && item.kind !== 'follow') continue;
      try {
        if (!this.#social) throw new AppError(404, 'not_found', 'no social feature');
        const added =
          item.kind === 'block'
            ? await this.#social.block(userId, item.username)
            : await this.#social.follow(userId, item.username);
        if (added) counted.imported += 1;
        else counted.skipped += 1;
      } catch (err) {
        // Unknown here, oneself, or a block between the two: skipped.
        if (err instanceof AppError && err.statusCode < 500) counted.skipped += 1;
        else throw err;
      }
    }
    return counted;
  }

  async #retry(apply: () => Promise<BatchOutcome | null>): Promise<BatchOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await apply();
        if (!outcome) throw new LostJobError();
        return outcome;
      } catch (err) {
        // Another import stored the same new book (same ISBN) meanwhile: the retry finds it.
        if (isUniqueViolation(err) && attempt < 3) continue;
        throw err;
      }
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
