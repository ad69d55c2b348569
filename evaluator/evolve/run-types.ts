/** The evolution run's options, its outcome, and the context its steps share (set up once, then mutated). */
import type { MetricMeta } from '../../core/evaluation/metrics.ts';
import type { PlannedCase } from '../../core/evaluation/plan.ts';
import type { EvolveEventListener } from '../../core/events.ts';
import type { Engine } from '../../core/evolution/engine.ts';
import type { PromptGenome } from '../../core/evolution/prompt/genome.ts';
import type { llmOperatorRegistries } from '../../core/evolution/prompt/llm-operators/index.ts';
import type { LoopState } from '../../core/evolve/loop-state.ts';
import type { EvolveSettings } from '../../core/evolve/settings.ts';
import type { DatasetSplit } from '../../core/evolve/split.ts';
import type { Budget } from '../../core/ports/budget.ts';
import type { CheckpointStore } from '../../core/ports/checkpoint-store.ts';
import type { EvaluationRecord } from '../../core/ports/results-store.ts';
import type { DatasetRow, PromptFile } from '../../core/prompt/types.ts';
import type { ModelCaller } from '../model-caller.ts';
import type { Provider } from '../providers/provider.ts';
import type { EvaluationEnvironment, PreparedEvaluation } from '../run/evaluate-prompt.ts';
import type { RunEvaluationOptions, RunEvaluationResult } from '../run-evaluation.ts';
import type { MetaPrompts } from './meta-prompts.ts';

export type EvolveSource = { file: string; name: string; data: PromptFile; text: string };

export type EvolveRunOptions = {
  runId: string;
  source: EvolveSource;
  rows: readonly DatasetRow[];
  settings: EvolveSettings;
  /** Providers, cache, store, base dir; its `budget` is ignored (the run makes its own from the settings). */
  env: EvaluationEnvironment;
  checkpoints: CheckpointStore;
  templates: MetaPrompts;
  concurrency: number;
  baseCommit: string | null;
  /** Continue from this checkpointed state instead of starting. */
  resume?: LoopState;
  onEvent?: EvolveEventListener;
  now?: () => number;
  /**
   * [distributed, issue 5] Replaces the in-process evaluation step (`evohub evolve --distributed`: the queue's
   * workers); `budget` is the one the in-process step's caller draws on.
   */
  evaluate?: (opts: RunEvaluationOptions, budget: Budget) => Promise<RunEvaluationResult>;
  /** Sees every case evaluation as it completes (the command's error rate, issue 15 item 6). */
  onRecords?: (records: readonly EvaluationRecord[]) => void;
};

/** What every step of a run reads: fixed at set-up (identically on resume) except `engine` and `state`. */
export type EvolveRun = {
  opts: EvolveRunOptions;
  now: () => number;
  rows: readonly DatasetRow[];
  source: EvolveSource;
  settings: EvolveSettings;
  registries: ReturnType<typeof llmOperatorRegistries>;
  split: DatasetSplit;
  selection: readonly number[];
  /** Cases of the selection split: a version evaluated on all of them is "full". */
  full: number;
  rungs: number[];
  baselineGenome: PromptGenome;
  baselineHash: string;
  /** The engine's genome as a prompt genome (CMA-ES evolves only the parameters). */
  toPromptGenome: (g: unknown) => PromptGenome;
  promptOf: (g: PromptGenome) => PromptFile;
  versionHash: (g: PromptGenome) => string;
  instruction: (g: PromptGenome) => string;
  distance: (a: PromptGenome, b: PromptGenome) => number;
  /** The algorithm's behaviour descriptors, if it is told any (MAP-Elites). */
  descriptors: ((g: PromptGenome) => number[]) | undefined;
  loopBudget: Budget;
  heldBudget: Budget;
  /** Candidates are normalised before evaluation (prompt genomes; CMA-ES's vectors are not texts). */
  normalise: boolean;
  /** Evaluations kept out of the loop's budget for the held-out report. */
  reserve: number;
  evaluateOn: (budget: Budget) => (o: RunEvaluationOptions) => Promise<RunEvaluationResult>;
  fullPlan: (indexes: readonly number[]) => PlannedCase[];
  prepare: (indexes: readonly number[], budget: Budget) => Promise<PreparedEvaluation>;
  prepared: PreparedEvaluation;
  metrics: MetricMeta[];
  kindOf: (name: string) => string;
  optimizer: ModelCaller;
  optimizerProvider: Provider;
  engine: Engine;
  state: LoopState;
  /** Evaluations of the running generation, stored when it finishes. */
  pendingRecords: EvaluationRecord[];
};
