import type { CheckpointStore } from '../../core/ports/checkpoint-store.ts';
import type { ResultsStore } from '../../core/ports/results-store.ts';

/** The evolution loop's checkpoint interface over any results store (DuckDB or PostgreSQL). */
export function checkpointStoreOf(store: ResultsStore): CheckpointStore {
  return {
    save: (runId, generation, state, lineage) => store.saveCheckpoint(runId, generation, state, lineage),
    latest: (runId) => store.latestCheckpoint(runId),
    recordLineage: (lineage) => store.recordLineage(lineage),
  };
}
