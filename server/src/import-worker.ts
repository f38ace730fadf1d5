/**
 * The import runner's thread (started by import-worker-host.ts). It opens its own database
 * connection and builds the same services the server does (createServices), then runs the
 * imports feature's ImportRunner with them: claims, batches, the cursor, the one feed line and
 * the catalog's ownership rule are the feature's code, not a copy.
 *
 * Why a thread: better-sqlite3 is synchronous, so in the server's thread each batch transaction
 * held the event loop and every request waited behind it (library p99 9 ms idle → 93 ms during a
 * 10k import, docs/performance.md). Here the batches block only this thread; with WAL the
 * server's connection keeps reading meanwhile, and its writes wait (busy_timeout) for at most one
 * batch. CSV parsing and row mapping leave the server's thread too, on PostgreSQL as well.
 */
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { closeContext, createContext } from './app-context.ts';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';
import type { ImportWorkerMessage, WorkerLogLevel } from './import-worker-host.ts';
import { createServices } from './services.ts';

if (!parentPort) throw new Error('import-worker.ts runs as a worker thread (import-worker-host.ts)');
const port = parentPort;

function plain(value: unknown): unknown {
  if (value instanceof Error) return { type: value.name, message: value.message, stack: value.stack };
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** Log lines go to the server's logger (the parent thread). */
function forward(level: WorkerLogLevel) {
  return (obj: unknown, msg?: string) => {
    const message: ImportWorkerMessage =
      typeof obj === 'string'
        ? { type: 'log', level, obj: {}, msg: obj }
        : { type: 'log', level, obj: plain(obj), msg: msg ?? '' };
    port.postMessage(message);
  };
}
const log = { error: forward('error'), warn: forward('warn'), info: forward('info') };

/**
 * Imports are background work: on Linux this thread runs 5 nice levels below the server's (a
 * thread has its own nice value there; elsewhere the call would lower the whole process, so it is
 * not made). With a core free the import runs as fast; when the server's thread, the import and
 * something else want the two cores, the import gets about a quarter of its fair share instead of
 * a third of the machine, and requests wait less. Not more: at nice 10 a 10k import next to other
 * work (load average 11–14) took 14–21 s against 4–10 s at the server's priority.
 */
const IMPORT_NICENESS = 5;
if (process.platform === 'linux') {
  try {
    setPriority(0, Math.min(19, getPriority(0) + IMPORT_NICENESS));
  } catch {
    // Not allowed here (a container's seccomp profile): the thread runs at the server's priority.
  }
}

const { config } = workerData as { config: Config };
// Redis is not needed for imports (rate limits live in the server's thread).
const ctx = createContext(config, { redis: null });
const { importRunner, importFiles } = createServices(ctx, log, {
  imports: 'dedicated',
  // The server's thread runs the enrichment job: it hears of each finished import from here.
  onImportFinished: () => port.postMessage({ type: 'finished' } satisfies ImportWorkerMessage),
});

port.on('message', (message: ImportWorkerMessage) => {
  if (message.type === 'kick') importRunner.kick();
  else if (message.type === 'check') {
    const { id } = message;
    importFiles.check(message.source, message.path, message.key).then(
      (total) => port.postMessage({ type: 'checked', id, total } satisfies ImportWorkerMessage),
      (err: unknown) => {
        const error =
          err instanceof AppError
            ? { statusCode: err.statusCode, code: err.code, message: err.message, details: err.details }
            : {
                statusCode: null,
                code: 'internal',
                message: String((err as Error)?.message ?? err),
                details: null,
              };
        port.postMessage({ type: 'refused', id, error } satisfies ImportWorkerMessage);
      },
    );
  } else if (message.type === 'stop') {
    void (async () => {
      try {
        await importRunner.stop();
      } finally {
        await closeContext(ctx);
        port.postMessage({ type: 'stopped' } satisfies ImportWorkerMessage);
        port.close();
      }
    })();
  }
});
void importRunner.start();
