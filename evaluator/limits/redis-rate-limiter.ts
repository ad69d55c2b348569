import type { Clock, RateCost, RateLimiter } from './rate-limiter.ts';

/** The one command the limiter needs; an ioredis client satisfies it. Injected, never created here. */
export interface RedisEval {
  eval(script: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * The token bucket of rate-limiter.ts, kept in a Redis hash and updated atomically by a Lua script, so that
 * every worker of a distributed run shares one requests/minute and tokens/minute budget per provider.
 * ARGV: per-minute rate, capacity, amount (negative gives tokens back), now in ms (negative: Redis's TIME, the
 * default, so that workers' clocks do not matter). Returns how long the taker must wait, in ms.
 */
const TAKE = `
local rate = tonumber(ARGV[1]) / 60000
local cap = tonumber(ARGV[2])
local amount = math.min(tonumber(ARGV[3]), cap)
local now = tonumber(ARGV[4])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local level = tonumber(redis.call('HGET', KEYS[1], 'level') or cap)
local at = tonumber(redis.call('HGET', KEYS[1], 'at') or now)
if now > at then
  level = math.min(cap, level + (now - at) * rate)
  at = now
end
level = math.min(cap, level - amount)
redis.call('HSET', KEYS[1], 'level', tostring(level), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate) + 60000)
if level >= 0 then return 0 end
return math.ceil(-level / rate)
`;

export type RedisRateLimiterOptions = {
  redis: RedisEval;
  /** Identifies the shared limit, e.g. `evohub:limits:openai` (one per provider prefix and account). */
  key: string;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /** `sleep` waits; `now` (optional) replaces Redis's clock (tests). */
  clock: Pick<Clock, 'sleep'> & { now?: () => number };
};

export class RedisRateLimiter implements RateLimiter {
  readonly #o: RedisRateLimiterOptions;

  constructor(opts: RedisRateLimiterOptions) {
    this.#o = opts;
  }

  async #take(suffix: string, perMinute: number | undefined, amount: number): Promise<number> {
    if (!perMinute) return 0;
    const now = this.#o.clock.now ? this.#o.clock.now() : -1;
    const wait = await this.#o.redis.eval(
      TAKE,
      1,
      `${this.#o.key}:${suffix}`,
      perMinute,
      perMinute,
      amount,
      now,
    );
    return Number(wait) || 0;
  }

  async acquire(cost: RateCost): Promise<void> {
    const [a, b] = await Promise.all([
      this.#take('requests', this.#o.requestsPerMinute, cost.requests),
      this.#take('tokens', this.#o.tokensPerMinute, cost.tokens),
    ]);
    const wait = Math.max(a, b);
    if (wait > 0) await this.#o.clock.sleep(wait);
  }

  async adjust(tokensDelta: number): Promise<void> {
    if (tokensDelta !== 0) await this.#take('tokens', this.#o.tokensPerMinute, tokensDelta);
  }
}
