import type { CheckpointWritten } from '../core/events.ts';
import type { RunStatus } from '../core/ports/results-store.ts';

/**
 * Typed progress events of an evaluation run. The CLI's progress bar, the operator's status updates and a
 * dashboard subscribe to the same stream; listeners must be cheap (they run on the evaluation's path).
 */
export type EvalEvent =
  | {
      type: 'run-started';
      runId: string;
      prompt: string;
      provider: string;
      simulated: boolean;
      /** Planned evaluations (cases × repeats). */
      total: number;
    }
  | {
      type: 'evaluation-scored';
      runId: string;
      done: number;
      total: number;
      caseId: string;
      repeat: number;
      cached: boolean;
      error?: string;
      costUsd?: number;
    }
  /** A batch of evaluations reached the results store (a checkpoint). */
  | CheckpointWritten
  /** The run stops early (budget reached); in-flight calls finish, nothing new starts. */
  | { type: 'run-stopped'; runId: string; reason: 'budget'; message: string }
  | { type: 'run-finished'; runId: string; status: RunStatus; evaluations: number };

export type EvalEventListener = (event: EvalEvent) => void;
