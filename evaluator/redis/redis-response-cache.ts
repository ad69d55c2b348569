import type { RedisLike } from '../cache/redis-response-cache.ts';
import { RedisResponseCache } from '../cache/redis-response-cache.ts';
import { keysOf } from './connection.ts';

export { RedisResponseCache } from '../cache/redis-response-cache.ts';

/**
 * The response cache every worker and the coordinator share, under the deployment's prefix. Kept 30 days by
 * default: re-runs and retried jobs hit it, and Redis does not fill up forever.
 */
export function sharedResponseCache(redis: RedisLike, prefix: string, ttlSeconds = 30 * 86_400) {
  return new RedisResponseCache(redis, { prefix: keysOf(prefix).cache, ttlSeconds });
}
