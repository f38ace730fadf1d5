import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import type { ImportSource } from './db/tables/import-jobs.table.ts';
import { AppError, ServiceUnavailableError } from './errors.ts';

export type WorkerLogLevel = 'error' | 'warn' | 'info';

/** What the server's thread and the import thread say to each other. */
export type ImportWorkerMessage =
  | { type: 'kick' }
  | { type: 'finished' }
  | { type: 'stop' }
  | { type: 'stopped' }
  | { type: 'check'; id: number; source: ImportSource; path: string; key: string }
  | { type: 'checked'; id: number; total: number }
  | { type: 'refused'; id: number; error: RefusedFile }
  | { type: 'log'; level: WorkerLogLevel; obj: unknown; msg: string };

/** An upload the import thread refused: the 4xx the request answers (or an unexpected error). */
export interface RefusedFile {
  statusCode: number | null;
  code: string;
  message: string;
  details: unknown;
}

const WORKER_URL = new URL('./import-worker.ts', import.meta.url);
/** A thread that dies (it should not) is started again after this long; its job resumes from the cursor. */
const RESTART_MS = 1000;
const STOP_TIMEOUT_MS = 10_000;

/** Whether there is a job to run (queued, or running with a stale heartbeat). */
export type HasImportWork = (staleBefore: string) => Promise<boolean>;

export interface ImportWorkerHostOptions {
  /** Whether there is a job to run (asked at start and every `pollMs` while the thread is not running). */
  hasWork: HasImportWork;
  pollMs?: number;
  /** A job ended (done or failed) in the thread: e.g. the enrichment job has new books to look at. */
  onFinished?: () => void;
}

/**
 * Runs the import runner in a worker thread (import-worker.ts) with its own database connection,
 * so batch transactions and CSV work never hold the server's event loop. Same face as
 * ImportRunner for the app: start, kick, stop. The thread is started when it is needed: an import
 * page opened (`warm`), an upload, or a job found at start or by the poll (one left by a stopped
 * process). Not with the server: its own copy of the server's modules is ~60 MB of memory that a
 * server nobody imports into never needs (docs/performance.md); loading it takes ~0.5–2 s of CPU,
 * which `warm` moves before the upload.
 */
export class ImportWorkerHost {
  readonly #config: Config;
  readonly #log: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info'>;
  #worker: Worker | null = null;
  #stopping = false;
  #exited: Promise<void> = Promise.resolve();
  #restart: NodeJS.Timeout | null = null;
  #nextCheck = 1;
  readonly #checks = new Map<number, { resolve: (total: number) => void; reject: (err: Error) => void }>();

  readonly #options: ImportWorkerHostOptions;
  #poll: NodeJS.Timeout | null = null;

  constructor(
    config: Config,
    log: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info'>,
    options: ImportWorkerHostOptions,
  ) {
    this.#config = config;
    this.#log = log;
    this.#options = options;
  }

  /** Starts looking for work: now, and every `pollMs` while the thread is not running. */
  start(): void {
    this.#stopping = false;
    const look = () => {
      if (this.#worker || this.#stopping) return;
      const staleBefore = new Date(Date.now() - this.#config.importStaleSeconds * 1000).toISOString();
      this.#options.hasWork(staleBefore).then(
        (work) => {
          if (work) this.#spawn();
        },
        (err: unknown) => this.#log.warn({ err }, 'could not look for import jobs'),
      );
    };
    look();
    this.#poll = setInterval(look, this.#options.pollMs ?? 5000);
    this.#poll.unref();
  }

  #spawn(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_URL, { workerData: { config: this.#config } });
    this.#worker = worker;
    worker.on('message', (message: ImportWorkerMessage) => {
      if (message.type === 'log') this.#log[message.level](message.obj as object, message.msg);
      else if (message.type === 'finished') this.#options.onFinished?.();
      else if (message.type === 'checked' || message.type === 'refused') {
        const pending = this.#checks.get(message.id);
        this.#checks.delete(message.id);
        if (!pending) return;
        if (message.type === 'checked') pending.resolve(message.total);
        else {
          const { statusCode, code, message: text, details } = message.error;
          pending.reject(
            statusCode === null ? new Error(text) : new AppError(statusCode, code, text, { details }),
          );
        }
      }
    });
    worker.on('error', (err) => this.#log.error({ err }, 'the import thread failed'));
    this.#exited = new Promise((resolve) => {
      worker.once('exit', (code) => {
        if (this.#worker === worker) this.#worker = null;
        for (const pending of this.#checks.values())
          pending.reject(new ServiceUnavailableError('Imports are restarting; try again in a moment.'));
        this.#checks.clear();
        resolve();
        if (this.#stopping) return;
        this.#log.error({ code }, 'the import thread stopped; starting it again');
        this.#restart = setTimeout(() => {
          this.#restart = null;
          if (!this.#stopping) this.#spawn();
        }, RESTART_MS);
        this.#restart.unref();
      });
    });
    return worker;
  }

  /**
   * Checks an upload in the import thread (type, rows, columns: the 4xx it is refused with) and
   * keeps it parsed there for the job; answers its number of rows. The parsing stays off this
   * thread too.
   */
  check(source: ImportSource, filePath: string, key: string): Promise<number> {
    if (this.#stopping)
      return Promise.reject(new ServiceUnavailableError('The server is stopping; try again in a moment.'));
    const worker = this.#spawn();
    const id = this.#nextCheck++;
    return new Promise((resolve, reject) => {
      this.#checks.set(id, { resolve, reject });
      worker.postMessage({ type: 'check', id, source, path: filePath, key } satisfies ImportWorkerMessage);
    });
  }

  /** Whether the thread is running (or loading). */
  get threadRunning(): boolean {
    return this.#worker !== null;
  }

  /** Starts the thread if it is not running: a reader opened the import page and may upload soon. */
  warm(): void {
    if (!this.#stopping) this.#spawn();
  }

  /** A job was queued: look for work now. */
  kick(): void {
    if (this.#stopping) return;
    this.#spawn().postMessage({ type: 'kick' } satisfies ImportWorkerMessage);
  }

  /** Lets the batch in hand commit, then ends the thread (the job stays `running` and is resumed later). */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#restart) clearTimeout(this.#restart);
    if (this.#poll) clearInterval(this.#poll);
    const worker = this.#worker;
    if (!worker) return;
    worker.postMessage({ type: 'stop' } satisfies ImportWorkerMessage);
    const timeout = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await this.#exited;
    clearTimeout(timeout);
  }
}
