/** What the operator reads and removes in Redis for a run: queue depth, progress, and (finalizer) all its keys. */
import type { Redis } from 'ioredis';
import { progressKey } from '../core/operator/names.ts';
import type { RunProgress } from '../core/operator/types.ts';
import { EVALUATION_QUEUE } from '../evaluator/queue/job.ts';
import { deleteKeys } from '../evaluator/redis/connection.ts';

/** Jobs waiting (plain and prioritised) plus active in the run's BullMQ queue: the work the workers have. */
export async function readQueueDepth(redis: Redis, prefix: string): Promise<number> {
  const q = `${prefix}:${EVALUATION_QUEUE}`;
  const [wait, prioritized, active] = await Promise.all([
    redis.llen(`${q}:wait`),
    redis.zcard(`${q}:prioritized`),
    redis.llen(`${q}:active`),
  ]);
  return wait + prioritized + active;
}

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
