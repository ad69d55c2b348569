import type { CheckpointWritten } from '../events.ts';

/** Progress events of an evolution run (the CLI prints them; an operator or dashboard can subscribe). */
export type GenerationProgress = {
  generation: number;
  /** Best value per objective metric among candidates evaluated on the whole selection set. */
  best: Record<string, number>;
  frontSize: number;
  hypervolume: number;
  /** Case evaluations so far (cached or paid), optimizer calls and paid provider calls. */
  evaluations: number;
  optimizerCalls: number;
  paidCalls: number;
  saved: number;
  costUsd: number;
};

export type EvolveEvent =
  | { type: 'evolve-started'; runId: string; prompt: string; resumedAt?: number; generations: number }
  | ({ type: 'generation-finished'; runId: string } & GenerationProgress)
  | CheckpointWritten
  | { type: 'evolve-stopped'; runId: string; reason: string }
  | { type: 'held-out-started'; runId: string; cases: number };

export type EvolveEventListener = (event: EvolveEvent) => void;
