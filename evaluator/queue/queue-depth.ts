/**
 * The work a run's evaluation queue still has, read from Redis without opening a BullMQ Queue: the key layout is
 * BullMQ's (`<prefix>:<queue>:wait|prioritized|active`), so it is read here, beside the queue that writes it.
 */
import type { Redis } from 'ioredis';
import { EVALUATION_QUEUE } from './job.ts';

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
