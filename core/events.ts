/**
 * Events shared by the progress streams of eval (evaluator/events.ts) and evolve (core/evolve/events.ts), so a
 * listener of both (progress display, JSON logs, metrics, a dashboard) reads one shape per event type.
 */

/**
 * Results reached storage: an evaluation's batch (`evaluations`, how many records) or an evolve generation's
 * checkpoint (`generation`, the engine's generation after it).
 */
export type CheckpointWritten = {
  type: 'checkpoint-written';
  runId: string;
  evaluations?: number;
  generation?: number;
};
