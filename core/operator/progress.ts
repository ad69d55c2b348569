/**
 * The progress record a distributed coordinator keeps in Redis under `progressKey(prefix)` and the operator
 * copies into the EvolutionRun's status (contract in docs/operator.md): `RunProgress` as the coordinator writes
 * it, computed from the evolve loop's progress events.
 */
import type { GenerationProgress } from '../events.ts';
import type { RunProgress } from './types.ts';

/** What the coordinator writes: the counters always, the best fitness once known, the PR URL at the end. */
export type ProgressRecord = Required<Pick<RunProgress, 'generation' | 'evaluations' | 'costUsd' | 'done'>> &
  Pick<RunProgress, 'bestFitness' | 'pullRequestUrl'>;

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
