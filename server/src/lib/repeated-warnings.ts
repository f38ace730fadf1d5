/** The part of a logger the warnings need (pino's, or a test's). */
export type WarningLog = {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
};

type Open = { since: number; loggedAt: number; quiet: number; msg: string };

/** A condition that repeats is named again at most once an hour while it lasts. */
const REMIND_MS = 60 * 60 * 1000;

/**
 * Keeps the log readable while one failure repeats — a home server with no network fails every
 * search and every enrichment sweep the same way. The first warning of a kind is logged; its repeats
 * are counted and named again (with the count) at most once per `remindMs`; when the condition ends
 * (`clear`), the log says so once. Keys are `<source>:<kind>`; `clear(source)` ends every kind of
 * that source.
 */
export class RepeatedWarnings {
  readonly #log: WarningLog;
  readonly #remindMs: number;
  readonly #now: () => number;
  readonly #open = new Map<string, Open>();

  constructor(log: WarningLog, options: { remindMs?: number; now?: () => number } = {}) {
    this.#log = log;
    this.#remindMs = options.remindMs ?? REMIND_MS;
    this.#now = options.now ?? Date.now;
  }

  warn(key: string, obj: object, msg: string): void {
    const now = this.#now();
    const open = this.#open.get(key);
    if (!open) {
      this.#open.set(key, { since: now, loggedAt: now, quiet: 0, msg });
      this.#log.warn(obj, msg);
      return;
    }
    if (now - open.loggedAt < this.#remindMs) {
      open.quiet += 1;
      return;
    }
    this.#log.warn(
      { ...obj, repeats: open.quiet + 1, since: new Date(open.since).toISOString() },
      `${msg} (still failing: ${open.quiet + 1} times since the last message)`,
    );
    open.loggedAt = now;
    open.quiet = 0;
  }

  /** The source works again: each of its open conditions is closed with one line at info. */
  clear(source: string): void {
    for (const [key, open] of this.#open) {
      if (!key.startsWith(`${source}:`)) continue;
      this.#open.delete(key);
      this.#log.info?.(
        { condition: key, since: new Date(open.since).toISOString(), unlogged: open.quiet },
        `${source} works again (it had failed with: ${open.msg})`,
      );
    }
  }
}
