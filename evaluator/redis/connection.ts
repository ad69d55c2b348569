import { Redis, type RedisOptions } from 'ioredis';
import type { RedisOutage } from './outage.ts';

/** The default key prefix of everything evohub keeps in Redis (queue, cache, limits, budgets). */
export const DEFAULT_PREFIX = 'evohub';

/**
 * Opens an ioredis client for a `redis://` URL. `maxRetriesPerRequest: null` is what BullMQ requires: commands
 * wait through a Redis restart instead of failing, and the client reconnects with a capped backoff. Its `error`
 * and `ready` events go to `outage` (required: an unhandled `error` makes ioredis print a stack per attempt).
 */
export function openRedis(url: string, outage: RedisOutage, extra: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 6), 2000),
    ...extra,
  });
  outage.watchClient(client);
  return client;
}

/** Key names under one prefix, so a test (or a tenant) can use its own and clean it up. */
export function keysOf(prefix: string) {
  return {
    cache: `${prefix}:cache:`,
    rate: (providerId: string, kind: 'requests' | 'tokens') => `${prefix}:rate:${providerId}:${kind}`,
    budget: (budgetId: string) => `${prefix}:budget:${budgetId}`,
    run: (runId: string) => `${prefix}:run:${runId}`,
  };
}

/** Removes every key under `prefix:` (tests and `--cleanup`); SCAN, so a big keyspace is not blocked. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let removed = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.del(...keys);
  } while (cursor !== '0');
  return removed;
}
