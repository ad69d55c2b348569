/** Bounds how many calls are in flight. `acquire` resolves to a release function (call it exactly once). */
export interface ConcurrencyLimiter {
  acquire(): Promise<() => void>;
  readonly inFlight: number;
}

export class Semaphore implements ConcurrencyLimiter {
  readonly max: number;
  #inFlight = 0;
  readonly #waiting: (() => void)[] = [];
  #head = 0;

  /** `max` = Infinity means no bound. */
  constructor(max: number) {
    if (!(max >= 1)) throw new RangeError(`concurrency must be at least 1 (got ${max})`);
    this.max = max;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get waiting(): number {
    return this.#waiting.length - this.#head;
  }

  async acquire(): Promise<() => void> {
    if (this.#inFlight < this.max) {
      this.#inFlight++;
      return this.#releaser();
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
    return this.#releaser();
  }

  #releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (this.#head < this.#waiting.length) {
        // Hand the slot straight to the next waiter (FIFO); inFlight stays the same.
        const next = this.#waiting[this.#head++] as () => void;
        if (this.#head > 1024 && this.#head * 2 > this.#waiting.length) {
          this.#waiting.splice(0, this.#head);
          this.#head = 0;
        }
        next();
      } else {
        this.#inFlight--;
      }
    };
  }
}
