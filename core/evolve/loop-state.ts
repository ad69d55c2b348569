/**
 * The evolution loop's state: everything a resumed run needs besides the caches, as JSON. It is written after
 * every generation (checkpoint) together with the engine snapshot it contains.
 */

import type { EngineState } from '../evolution/engine.ts';
import type { PromptGenome } from '../evolution/prompt/genome.ts';
import type { CurvePoint } from './curve.ts';
import type { EvolveSettings } from './settings.ts';
import type { DatasetSplit } from './split.ts';

export const LOOP_STATE_FORMAT = 'evohub.evolve-loop/1';

export type Failure = {
  input: string;
  expected: string;
  output: string;
  /** The scorers' verdict (failed metrics and values, or the error). */
  feedback?: string;
  /** Position of the case in the selection order. */
  position?: number;
};

/** A prompt version evaluated on the first `n` cases of the selection order (sums of per-case values). */
export type ScoredVersion = {
  /** The instruction text (first mutable message), for OPRO's trajectory and DE's best prompt. */
  text: string;
  sums: Record<string, number>;
  n: number;
  errors: number;
  /** Up to twelve failing cases, in selection order (GEPA-style reflection samples a minibatch). */
  failures: Failure[];
  /** The first objective's value per case, in selection order (absent in checkpoints written before). */
  cases?: number[];
};

export type CandidateRecord = {
  id: number;
  hash: string;
  generation: number;
  operator: string;
  parents: string[];
  /** Metric means on the cases it was evaluated on. */
  values: Record<string, number>;
  cases: number;
  full: boolean;
  objectives: number[];
  constraintViolation: number;
  /**
   * How it was scored: evaluated, predicted by the surrogate, or given the scores of an evaluated version it
   * nearly duplicates (word-shingle Jaccard ≥ 0.9, core/similarity).
   */
  scoredBy: 'evaluation' | 'surrogate' | 'near-duplicate';
  /** The prompt genome (messages, few-shot rows, parameters). */
  genome: PromptGenome;
};

export type Counters = {
  /** Case evaluations run (paid or cached). */
  evaluations: number;
  /** Of those, answered by the response cache or reused from an identical prompt version. */
  cacheHits: number;
  /** Provider calls made (paid), for evaluations and the optimizer. */
  paidCalls: number;
  optimizerCalls: number;
  optimizerCacheHits: number;
  /** Case evaluations racing did not need to run. */
  savedByRacing: number;
  /** Case evaluations the surrogate pre-screen skipped. */
  savedBySurrogate: number;
  costUsd: number;
  /**
   * Candidates not paid for because, once normalised (sentences de-duplicated, whitespace collapsed), they were a
   * version already evaluated; and the case evaluations that saved. Absent in checkpoints written before.
   */
  duplicatesSkipped?: number;
  /** Candidates scored as the evaluated version they nearly duplicate, and the case evaluations that saved. */
  nearDuplicatesSkipped?: number;
  savedByNearDuplicates?: number;
  /** Paid calls of a generation the budget interrupted (counted in paidCalls too). */
  interruptedCalls?: number;
};

export type LoopState = {
  format: typeof LOOP_STATE_FORMAT;
  runId: string;
  startedAt: string;
  settings: EvolveSettings;
  source: { file: string; name: string; text: string };
  /** HEAD when the run started: the winner's branch starts there. */
  baseCommit: string | null;
  split: DatasetSplit;
  rows: number;
  baselineHash: string;
  engine: EngineState;
  scored: Record<string, ScoredVersion>;
  candidates: CandidateRecord[];
  counters: Counters;
  /** Hypervolume reference point (from the baseline), once known. */
  referencePoint: number[] | null;
  history: { generation: number; hypervolume: number; best: Record<string, number> }[];
  /** Calls-to-target: the best whole-selection primary score after each generation's paid calls. */
  curve?: CurvePoint[];
  /** Generations in a row that did not move the front (early stopping). */
  stale?: number;
  /** Why the loop stopped early (budget), if it did. */
  stopped?: string;
};

export function emptyCounters(): Counters {
  return {
    evaluations: 0,
    cacheHits: 0,
    paidCalls: 0,
    optimizerCalls: 0,
    optimizerCacheHits: 0,
    savedByRacing: 0,
    savedBySurrogate: 0,
    costUsd: 0,
  };
}
