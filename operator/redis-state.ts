/** What the operator reads and removes in Redis for a run: progress, and (finalizer) all its keys. */
import type { Redis } from 'ioredis';
import { progressKey } from '../core/operator/names.ts';
import type { RunProgress } from '../core/operator/types.ts';
import { deleteKeys } from '../evaluator/redis/connection.ts';

export async function readProgress(redis: Redis, prefix: string): Promise<RunProgress | undefined> {
  const text = await redis.get(progressKey(prefix));
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as RunProgress) : undefined;
  } catch {
    // A malformed progress record must not block the run's reconcile; the counters just stay.
    return undefined;
  }
}

export async function removeRunKeys(redis: Redis, prefix: string): Promise<number> {
  return deleteKeys(redis, prefix);
}
