/**
 * Reads a run's progress record (core/operator/progress.ts) from Redis for the dashboard's live view: under the
 * given key prefix, else the operator's `evohub-<runId>`. Never the CLI's shared default prefix: its record
 * does not say which run wrote it.
 */
import type { Redis } from 'ioredis';
import { progressKey } from '../../core/operator/names.ts';

export type ProgressReader = {
  read(runId: string, prefix?: string): Promise<Record<string, unknown> | undefined>;
};

export function redisProgressReader(redis: Redis): ProgressReader {
  return {
    read: async (runId, prefix) => {
      const prefixes = prefix ? [prefix] : [`evohub-${runId}`];
      for (const p of prefixes) {
        const text = await redis.get(progressKey(p));
        if (!text) continue;
        try {
          const record = JSON.parse(text) as unknown;
          if (record && typeof record === 'object') return record as Record<string, unknown>;
        } catch {
          // A malformed record is as good as none.
        }
      }
      return undefined;
    },
  };
}
