/**
 * [operator, issue 8] Writes the coordinator's progress record (core/operator/progress.ts) to Redis under
 * `<prefix>:progress`, after every generation and once at the end.
 */
import type { Redis } from 'ioredis';
import { progressKey } from '../../core/operator/names.ts';
import type { ProgressRecord } from '../../core/operator/progress.ts';

export type ProgressWriter = {
  write(record: ProgressRecord): Promise<void>;
  /** The record written last (what `done` is merged into at the end). */
  last(): Promise<ProgressRecord | undefined>;
};

export function redisProgressWriter(redis: Redis, prefix: string): ProgressWriter {
  const key = progressKey(prefix);
  return {
    write: async (record) => {
      await redis.set(key, JSON.stringify(record));
    },
    last: async () => {
      const text = await redis.get(key);
      if (!text) return undefined;
      try {
        return JSON.parse(text) as ProgressRecord;
      } catch {
        // A malformed record (written by hand, or cut short) is as good as none: the final one replaces it.
        return undefined;
      }
    },
  };
}
