/**
 * A work queue keyed per object (namespace/name), like client-go's rate-limited workqueue and pepr's per-key
 * queue: a key waiting is queued once however many events arrive (de-duplication); a key is never processed by
 * two workers at once (an event during processing marks it dirty and it runs again after); a failed key is
 * retried after an exponential backoff; a handler may ask to run again after a delay (polling while running).
 */

export type WorkResult = { requeueAfterMs?: number } | undefined;
export type WorkHandler = (key: string) => Promise<WorkResult>;

export type WorkQueueOptions = {
  /** First retry delay after a failure (default 200 ms); doubles per consecutive failure. */
  baseDelayMs?: number;
  /** Cap of the retry delay (default 60 s). */
  maxDelayMs?: number;
  /** Keys processed at once (different keys only; default 4). */
  workers?: number;
  /** Called when a handler throws (the key is retried). */
  onError?: (key: string, err: unknown, attempt: number) => void;
};

export class WorkQueue {
  readonly #opts: Required<Omit<WorkQueueOptions, 'onError'>> & Pick<WorkQueueOptions, 'onError'>;
  readonly #queue: string[] = [];
  readonly #queued = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #failures = new Map<string, number>();
  #handler: WorkHandler | undefined;
  #running = 0;
  #stopped = true;
  #idle: (() => void)[] = [];

  constructor(options: WorkQueueOptions = {}) {
    this.#opts = {
      baseDelayMs: options.baseDelayMs ?? 200,
      maxDelayMs: options.maxDelayMs ?? 60_000,
      workers: options.workers ?? 4,
      onError: options.onError,
    };
  }

  start(handler: WorkHandler): void {
    this.#handler = handler;
    this.#stopped = false;
    this.#pump();
  }

  /** Stops taking keys and cancels the delayed ones; resolves once the keys in progress are done. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    this.#queue.length = 0;
    this.#queued.clear();
    this.#dirty.clear();
    if (this.#running > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  /** Enqueues a key now (a delayed re-add of the same key is superseded). */
  add(key: string): void {
    if (this.#stopped) return;
    const timer = this.#timers.get(key);
    if (timer) {
      clearTimeout(timer);
      this.#timers.delete(key);
    }
    if (this.#processing.has(key)) {
      this.#dirty.add(key);
      return;
    }
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    this.#queue.push(key);
    this.#pump();
  }

  /** Enqueues a key after a delay, unless it is already waiting for an earlier one. */
  addAfter(key: string, ms: number): void {
    if (this.#stopped || this.#timers.has(key) || this.#queued.has(key)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      this.add(key);
    }, ms);
    timer.unref();
    this.#timers.set(key, timer);
  }

  /** Keys waiting now (not the delayed ones). */
  get length(): number {
    return this.#queue.length;
  }

  /** The delay of the next retry of a key that failed `attempt` times in a row. */
  backoff(attempt: number): number {
    return Math.min(this.#opts.maxDelayMs, this.#opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  }

  #pump(): void {
    while (!this.#stopped && this.#running < this.#opts.workers && this.#queue.length > 0) {
      const key = this.#queue.shift() as string;
      this.#queued.delete(key);
      this.#processing.add(key);
      this.#running++;
      void this.#process(key);
    }
  }

  async #process(key: string): Promise<void> {
    const handler = this.#handler;
    try {
      const result = handler ? await handler(key) : undefined;
      this.#failures.delete(key);
      if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      // Reported through onError and retried with back-off.
      const attempt = (this.#failures.get(key) ?? 0) + 1;
      this.#failures.set(key, attempt);
      this.#opts.onError?.(key, err, attempt);
      this.addAfter(key, this.backoff(attempt));
    } finally {
      this.#processing.delete(key);
      this.#running--;
      if (this.#dirty.delete(key)) this.add(key);
      if (this.#running === 0) for (const resolve of this.#idle.splice(0)) resolve();
      this.#pump();
    }
  }
}
