/**
 * The loop the background jobs share (the books feature's covers and enrichment, the imports
 * runner): a sweep at start, on a timer and when kicked; one sweep at a time (a kick during a sweep
 * asks for one more after it); stop waits for the sweep in progress. A failed sweep is logged and
 * tried again at the next one.
 */
export abstract class SweepLoop {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;
  #again = false;
  #stopped = true;

  /** Settles whatever is due now; returns how many items it settled. */
  abstract runOnce(): Promise<number>;

  /** Starts sweeping every `sweepSeconds`, and once now. */
  protected startSweeping(sweepSeconds: number): void {
    this.#stopped = false;
    this.kick();
    this.#timer = setInterval(() => this.kick(), sweepSeconds * 1000);
    this.#timer.unref();
  }

  /** True once stopped (or before the first start): a long sweep checks it between its steps. */
  protected get stopped(): boolean {
    return this.#stopped;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => 0);
  }

  /** Asks for a sweep soon; never waits for it. Does nothing until the job was started. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.runOnce()
      .catch((err: unknown) => {
        this.sweepFailed(err);
        return 0;
      })
      .finally(() => {
        this.#running = null;
        if (this.#again && !this.#stopped) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Logs a sweep that threw (the next sweep tries again). */
  protected sweepFailed(err: unknown): void {
    this.log.warn({ err }, `the ${this.jobName} failed; it tries again at the next sweep`);
  }

  protected abstract readonly jobName: string;
  protected abstract readonly log: { warn(obj: object, msg: string): void };
}
