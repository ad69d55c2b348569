import type { RateCost, RateLimiter } from '../limits/rate-limiter.ts';
import { keysOf } from './connection.ts';

/** What the limiter needs of an ioredis client: one EVAL. */
export interface RedisEval {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * Token buckets shared by every process that uses the same Redis and prefix, with the semantics of the local
 * `TokenBucket`: continuous refill at perMinute/60000 per ms up to one minute's worth, takes are reservations
 * (the level may go negative; the taker waits until it would have been non-negative), so callers on all
 * workers are served in order without polling. One script takes from every bucket of a call atomically and
 * uses Redis's clock, so workers with skewed clocks still share one rate.
 * ARGV: mode ('take' | 'give'), then per key: perMinute, capacity, amount. Returns the wait in ms.
 */
const BUCKETS_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
for i = 1, #KEYS do
  local rate = tonumber(ARGV[3 * i - 1]) / 60000
  local cap = tonumber(ARGV[3 * i])
  local amount = tonumber(ARGV[3 * i + 1])
  local level = tonumber(redis.call('HGET', KEYS[i], 'level') or cap)
  local at = tonumber(redis.call('HGET', KEYS[i], 'at') or now)
  if now > at then
    level = math.min(cap, level + (now - at) * rate)
    at = now
  end
  if ARGV[1] == 'take' then
    level = level - math.min(amount, cap)
    if level < 0 then wait = math.max(wait, math.ceil(-level / rate)) end
  else
    level = math.min(cap, level + amount)
  end
  redis.call('HSET', KEYS[i], 'level', tostring(level), 'at', tostring(at))
  redis.call('PEXPIRE', KEYS[i], 3600000)
end
return wait
`;

export type RedisRateLimiterOptions = {
  redis: RedisEval;
  /** Key prefix shared by the workers of one deployment (`evohub` by default). */
  prefix: string;
  /** The provider reference the limits belong to, e.g. `openai/gpt-4o-mini`. */
  providerId: string;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  sleep?: (ms: number) => Promise<void>;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Requests- and tokens-per-minute limits of one provider, shared across all workers through Redis. */
export class RedisRateLimiter implements RateLimiter {
  readonly #opts: RedisRateLimiterOptions;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(opts: RedisRateLimiterOptions) {
    for (const [name, v] of [
      ['requestsPerMinute', opts.requestsPerMinute],
      ['tokensPerMinute', opts.tokensPerMinute],
    ] as const) {
      if (v !== undefined && !(v > 0)) throw new RangeError(`${name} must be positive (got ${v})`);
    }
    this.#opts = opts;
    this.#sleep = opts.sleep ?? realSleep;
  }

  /** The buckets a call touches, with its amounts (tokens are only counted when a token limit exists). */
  #buckets(cost: RateCost | undefined, tokensDelta: number): { keys: string[]; args: number[] } {
    const { prefix, providerId, requestsPerMinute, tokensPerMinute } = this.#opts;
    const keys = keysOf(prefix);
    const out = { keys: [] as string[], args: [] as number[] };
    if (requestsPerMinute && cost) {
      out.keys.push(keys.rate(providerId, 'requests'));
      out.args.push(requestsPerMinute, requestsPerMinute, cost.requests);
    }
    if (tokensPerMinute) {
      out.keys.push(keys.rate(providerId, 'tokens'));
      out.args.push(tokensPerMinute, tokensPerMinute, cost ? cost.tokens : tokensDelta);
    }
    return out;
  }

  async acquire(cost: RateCost): Promise<void> {
    const { keys, args } = this.#buckets(cost, 0);
    if (keys.length === 0) return;
    const wait = Number(await this.#opts.redis.eval(BUCKETS_LUA, keys.length, ...keys, 'take', ...args));
    if (wait > 0) await this.#sleep(wait);
  }

  /** Positive: the call used more tokens than estimated (charged); negative: fewer (given back). */
  async adjust(tokensDelta: number): Promise<void> {
    if (tokensDelta === 0 || !this.#opts.tokensPerMinute) return;
    const { keys, args } = this.#buckets(undefined, -tokensDelta);
    await this.#opts.redis.eval(BUCKETS_LUA, keys.length, ...keys, 'give', ...args);
  }
}
