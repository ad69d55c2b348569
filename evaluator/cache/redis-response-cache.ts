import type { ResponseCache } from '../../core/ports/response-cache.ts';
import type { ChatResponse } from '../providers/provider.ts';

/** The two commands the cache needs; an ioredis client (or cluster) satisfies it. Injected, never created here. */
export interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  set(key: string, value: string, secondsToken: 'EX', seconds: number): Promise<unknown>;
}

export type RedisResponseCacheOptions = {
  /** Key prefix, e.g. per project (`evohub:cache:` by default). */
  prefix?: string;
  /** Expire entries after this many seconds (default: never). */
  ttlSeconds?: number;
};

/**
 * The shared cache for distributed runs (coordinator and workers see each other's answers). Values are the
 * JSON of the response; a value that does not parse is a miss. SET is atomic in Redis, so readers never see a
 * half-written entry.
 */
export class RedisResponseCache implements ResponseCache<ChatResponse> {
  readonly #redis: RedisLike;
  readonly #prefix: string;
  readonly #ttl: number | undefined;

  constructor(redis: RedisLike, opts: RedisResponseCacheOptions = {}) {
    this.#redis = redis;
    this.#prefix = opts.prefix ?? 'evohub:cache:';
    this.#ttl = opts.ttlSeconds;
  }

  async get(key: string): Promise<ChatResponse | undefined> {
    const text = await this.#redis.get(this.#prefix + key);
    if (text === null) return undefined;
    try {
      const value = JSON.parse(text) as ChatResponse;
      return typeof value?.text === 'string' && typeof value.usage?.inputTokens === 'number'
        ? value
        : undefined;
    } catch {
      // A corrupt entry is a cache miss: the model is asked again and the entry rewritten.
      return undefined;
    }
  }

  async set(key: string, value: ChatResponse): Promise<void> {
    const text = JSON.stringify(value);
    if (this.#ttl !== undefined) await this.#redis.set(this.#prefix + key, text, 'EX', this.#ttl);
    else await this.#redis.set(this.#prefix + key, text);
  }
}
