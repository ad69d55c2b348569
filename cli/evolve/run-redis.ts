/**
 * [operator, issue 8] What a distributed coordinator (`--distributed --redis`) keeps in Redis besides the queue:
 * its checkpoints (mirrored, see evaluator/evolve/redis-checkpoint-mirror.ts) and its progress record. One
 * connection, opened lazily by ioredis, closed by the command.
 */

import { redisProgressWriter } from '../../adapters/redis/progress-writer.ts';
import type { GenerationProgress } from '../../core/events.ts';
import { type ProgressRecord, progressOfGeneration } from '../../core/operator/progress.ts';
import type { CheckpointStore } from '../../core/ports/checkpoint-store.ts';
import { redisCheckpointMirror } from '../../evaluator/evolve/redis-checkpoint-mirror.ts';
import { openRedis } from '../../evaluator/redis/connection.ts';
import { createRedisOutage } from '../../evaluator/redis/outage.ts';
import { parseWorkerFlags } from '../shared/worker-flags.ts';
import type { EvolveCommandFlags } from './flags.ts';

export type RunProgressReporter = {
  /** Queues the record of a finished generation (writes stay in order; the loop does not wait for them). */
  generation(p: GenerationProgress): void;
  /** Waits for the queued writes, then writes the final record with `done: true`. */
  finish(end: Partial<ProgressRecord>): Promise<void>;
};

export type RunRedis = {
  checkpoints(local: CheckpointStore): CheckpointStore;
  progress(primaryMetric: string | undefined): RunProgressReporter;
  close(): Promise<void>;
};

export function openRunRedis(flags: EvolveCommandFlags): RunRedis | undefined {
  if (!flags.distributed || !flags.redis) return undefined; // openCoordinator reports the usage errors
  const { redisUrl, prefix } = parseWorkerFlags({ redis: flags.redis, queuePrefix: flags.queuePrefix });
  // Silent: the coordinator's queue connections to the same Redis report the outage (one line, not two).
  const redis = openRedis(
    redisUrl,
    createRedisOutage(redisUrl, () => {}),
    { lazyConnect: true },
  );
  return {
    checkpoints: (local) => redisCheckpointMirror(local, redis, prefix),
    progress: (primaryMetric) => {
      const writer = redisProgressWriter(redis, prefix);
      let chain: Promise<void> = Promise.resolve();
      return {
        generation: (p) => {
          const record = progressOfGeneration(p, primaryMetric);
          chain = chain.then(() => writer.write(record));
          chain.catch(() => {}); // reported by finish(); must not crash the run as an unhandled rejection
        },
        finish: async (end) => {
          await chain;
          const last = await writer.last();
          await writer.write({
            generation: last?.generation ?? 0,
            evaluations: last?.evaluations ?? 0,
            costUsd: last?.costUsd ?? 0,
            ...(last?.bestFitness !== undefined ? { bestFitness: last.bestFitness } : {}),
            ...end,
            done: true,
          });
        },
      };
    },
    close: async () => {
      redis.disconnect();
    },
  };
}
