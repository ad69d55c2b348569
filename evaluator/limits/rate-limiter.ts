/** What one call consumes of a provider's rate limits. */
export type RateCost = { requests: number; tokens: number };

/**
 * Requests-per-minute and tokens-per-minute limits for one provider. `acquire` waits until the cost fits;
 * `adjust` corrects the token count once the real usage is known (positive = used more than estimated).
 * Async so that a shared limiter (Redis, across workers) fits the same interface.
 */
export interface RateLimiter {
  acquire(cost: RateCost): Promise<void>;
  adjust(tokensDelta: number): Promise<void>;
}

export type Clock = { now: () => number; sleep: (ms: number) => Promise<void> };

/**
 * A token bucket that refills continuously at `perMinute / 60000` per ms up to `capacity` (default: one
 * minute's worth). Takes are reservations: the balance may go negative, and the taker waits until it would
 * have been non-negative. Callers are thus served in order without polling, and bursts never exceed capacity.
 */
export class TokenBucket {
  readonly perMinute: number;
  readonly capacity: number;
  #level: number;
  #at: number;

  constructor(perMinute: number, now: number, capacity = perMinute) {
    if (!(perMinute > 0)) throw new RangeError(`rate must be positive (got ${perMinute})`);
    this.perMinute = perMinute;
    this.capacity = capacity;
    this.#level = capacity;
    this.#at = now;
  }

  #refill(now: number): void {
    if (now > this.#at) {
      this.#level = Math.min(this.capacity, this.#level + ((now - this.#at) * this.perMinute) / 60_000);
      this.#at = now;
    }
  }

  /** Takes `amount` (capped at capacity, so one huge call cannot wait forever); returns how long to wait, ms. */
  take(amount: number, now: number): number {
    this.#refill(now);
    this.#level -= Math.min(amount, this.capacity);
    return this.#level >= 0 ? 0 : Math.ceil((-this.#level * 60_000) / this.perMinute);
  }

  /** Returns (negative) or charges (positive) tokens after the fact. */
  give(amount: number, now: number): void {
    this.#refill(now);
    this.#level = Math.min(this.capacity, this.#level + amount);
  }

  level(now: number): number {
    this.#refill(now);
    return this.#level;
  }
}

/** The in-process limiter; `requestsPerMinute` / `tokensPerMinute` absent = unlimited. */
export class LocalRateLimiter implements RateLimiter {
  readonly #requests: TokenBucket | undefined;
  readonly #tokens: TokenBucket | undefined;
  readonly #clock: Clock;

  constructor(limits: { requestsPerMinute?: number; tokensPerMinute?: number }, clock: Clock) {
    this.#clock = clock;
    const now = clock.now();
    this.#requests = limits.requestsPerMinute ? new TokenBucket(limits.requestsPerMinute, now) : undefined;
    this.#tokens = limits.tokensPerMinute ? new TokenBucket(limits.tokensPerMinute, now) : undefined;
  }

  async acquire(cost: RateCost): Promise<void> {
    const now = this.#clock.now();
    const wait = Math.max(
      this.#requests?.take(cost.requests, now) ?? 0,
      this.#tokens?.take(cost.tokens, now) ?? 0,
    );
    if (wait > 0) await this.#clock.sleep(wait);
  }

  async adjust(tokensDelta: number): Promise<void> {
    if (tokensDelta !== 0) this.#tokens?.give(-tokensDelta, this.#clock.now());
  }
}

/** No limits configured. */
export const unlimitedRateLimiter: RateLimiter = {
  acquire: async () => {},
  adjust: async () => {},
};
