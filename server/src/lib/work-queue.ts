import { AppError } from '../errors.ts';

/** The queue is full: answered 503 with Retry-After, so a client backs off instead of piling on. */
export class QueueFullError extends AppError {
  constructor(what: string, retryAfterSeconds: number) {
    super(503, 'busy', `The server is busy with ${what}. Try again in ${retryAfterSeconds} seconds.`, {
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/**
 * Runs at most `concurrency` jobs at once, in arrival order, with at most `maxWaiting` more
 * waiting; one more is refused with QueueFullError rather than queued without bound (each
 * waiting job holds a request, its body and a socket).
 */
export class WorkQueue {
  readonly concurrency: number;
  readonly maxWaiting: number;
  readonly #what: string;
  readonly #retryAfterSeconds: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(options: {
    concurrency: number;
    maxWaiting: number;
    what: string;
    retryAfterSeconds?: number;
  }) {
    this.concurrency = options.concurrency;
    this.maxWaiting = options.maxWaiting;
    this.#what = options.what;
    this.#retryAfterSeconds = options.retryAfterSeconds ?? 2;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running < this.concurrency) this.#running++;
    else if (this.#waiting.length >= this.maxWaiting)
      throw new QueueFullError(this.#what, this.#retryAfterSeconds);
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      // A finished job hands its slot straight to the next one in line.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
