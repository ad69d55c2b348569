/**
 * [operator, issue 8] The progress record a distributed coordinator keeps in Redis under `<prefix>:progress`
 * (JSON `{generation, evaluations, costUsd, bestFitness, pullRequestUrl?, done}`; the operator copies it into the
 * EvolutionRun's status, contract in docs/operator.md). Written after every generation and once at the end.
 */
import type { Redis } from 'ioredis';
import type { GenerationProgress } from '../../core/evolve/events.ts';

export type ProgressRecord = {
  generation: number;
  evaluations: number;
  costUsd: number;
  /** Best value of the first objective so far (its goal decides what "best" is). */
  bestFitness?: number;
  pullRequestUrl?: string;
  done: boolean;
};

export function progressKey(prefix: string): string {
  return `${prefix}:progress`;
}

/** The record after a generation; `primaryMetric` is the first objective's metric. */
export function progressOfGeneration(
  p: GenerationProgress,
  primaryMetric: string | undefined,
): ProgressRecord {
  const best = primaryMetric === undefined ? undefined : p.best[primaryMetric];
  return {
    // Events count generations from 0; the record counts the ones finished.
    generation: p.generation + 1,
    evaluations: p.evaluations,
    costUsd: Number(p.costUsd.toFixed(6)),
    ...(best !== undefined && Number.isFinite(best) ? { bestFitness: best } : {}),
    done: false,
  };
}

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
        return undefined;
      }
    },
  };
}
