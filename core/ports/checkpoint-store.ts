/**
 * The checkpoint-store port: an evolution run's loop state after every generation, written together with that
 * generation's lineage records (atomically: a kill leaves the previous checkpoint or the new one). Implemented by
 * evaluator/evolve/checkpoint-store.ts (DuckDB), evaluator/store/checkpoints-of-store.ts (any results store)
 * and mirrored to Redis by evaluator/evolve/redis-checkpoint-mirror.ts. Types only.
 */
import type { LineageRecord } from '../evolve/lineage.ts';

export type CheckpointStore = {
  save(runId: string, generation: number, state: unknown, lineage: readonly LineageRecord[]): Promise<void>;
  /** The newest checkpoint of a run. */
  latest(runId: string): Promise<{ generation: number; state: unknown } | undefined>;
  /** Lineage records only (the baseline, at the start of a run). */
  recordLineage(lineage: readonly LineageRecord[]): Promise<void>;
};
