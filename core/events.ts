/**
 * The progress event stream (DESIGN §4): one union of typed events emitted by eval, evolve, the queue's workers
 * and the operator, with one shape per `type`. Its consumers (the CLI's progress display and `--json-events`,
 * JSON logs, Prometheus metrics, the Redis progress record a dashboard reads) subscribe once through
 * core/event-bus.ts. Events are plain JSON data: no functions, no dates (a consumer stamps time if it needs to).
 * Additive changes only: `--json-events` readers and the dashboard depend on these shapes.
 */
import type { BudgetLimits } from './ports/budget.ts';
import type { RunStatus } from './ports/results-store.ts';

// --- eval (evaluator/run-evaluation.ts) ---

export type RunStarted = {
  type: 'run-started';
  runId: string;
  prompt: string;
  provider: string;
  simulated: boolean;
  /** Planned evaluations (cases × repeats). */
  total: number;
};

export type EvaluationScored = {
  type: 'evaluation-scored';
  runId: string;
  done: number;
  total: number;
  caseId: string;
  repeat: number;
  cached: boolean;
  error?: string;
  costUsd?: number;
};

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

/** The run stops early (budget reached); in-flight calls finish, nothing new starts. */
export type RunStopped = { type: 'run-stopped'; runId: string; reason: 'budget'; message: string };

export type RunFinished = { type: 'run-finished'; runId: string; status: RunStatus; evaluations: number };

export type EvalEvent = RunStarted | EvaluationScored | CheckpointWritten | RunStopped | RunFinished;

// --- evolve (evaluator/evolve/) ---

/** A finished generation's figures (also the source of the operator's progress record). */
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

export type EvolveStarted = {
  type: 'evolve-started';
  runId: string;
  prompt: string;
  resumedAt?: number;
  generations: number;
};

/** A generation's batch is about to be evaluated; `planned` estimates its case evaluations (racing included). */
export type GenerationStarted = {
  type: 'generation-started';
  runId: string;
  generation: number;
  generations: number;
  candidates: number;
  planned: number;
};

/**
 * Case evaluations done within the running generation (`planned` grows if the estimate was short), with the
 * run's spend so far against its budget.
 */
export type EvaluationsProgress = {
  type: 'evaluations-progress';
  runId: string;
  generation: number;
  done: number;
  planned: number;
  paidCalls: number;
  costUsd: number;
  budget: BudgetLimits;
};

/** A candidate of the generation was told to the engine with these metric means. */
export type CandidateScored = {
  type: 'candidate-scored';
  runId: string;
  generation: number;
  id: number;
  hash: string;
  operator: string;
  values: Record<string, number>;
  cases: number;
  scoredBy: 'evaluation' | 'surrogate' | 'near-duplicate';
};

export type GenerationFinished = { type: 'generation-finished'; runId: string } & GenerationProgress;

export type EvolveStopped = { type: 'evolve-stopped'; runId: string; reason: string };

export type HeldOutStarted = { type: 'held-out-started'; runId: string; cases: number };

/** The loop is done (the winner is chosen and reported on the held-out split). */
export type EvolveFinished = {
  type: 'evolve-finished';
  runId: string;
  status: 'completed' | 'stopped';
  winner: string;
  accepted: boolean;
  evaluations: number;
  paidCalls: number;
  costUsd: number;
};

export type EvolveEvent =
  | EvolveStarted
  | GenerationStarted
  | EvaluationsProgress
  | CandidateScored
  | GenerationFinished
  | CheckpointWritten
  | EvolveStopped
  | HeldOutStarted
  | EvolveFinished;

// --- queue workers (evaluator/worker/) ---

export type JobStarted = {
  type: 'job-started';
  runId: string;
  jobId: string;
  workerId: string;
  attempt: number;
  cases: number;
  provider: string;
};

export type JobFinished = {
  type: 'job-finished';
  runId: string;
  jobId: string;
  workerId: string;
  attempt: number;
  status: 'completed' | 'failed';
  ms: number;
  /** Case evaluations of the job, and how many of them failed. */
  evaluations: number;
  errors: number;
  cacheHits: number;
  providerRequests: number;
  retries: number;
  /** The worker wrote the job's evaluations to the shared results store itself. */
  stored?: boolean;
  costUsd: number;
  /** Provider-reported latency of each paid, successful call (the metrics' histogram). */
  latenciesMs: number[];
  stopped?: string;
  error?: string;
};

export type WorkerEvent = JobStarted | JobFinished;

// --- operator (operator/) ---

export type Reconciled = {
  type: 'reconciled';
  key: string;
  result: 'ok' | 'error' | 'conflict';
  seconds?: number;
  error?: string;
};

export type LeadershipChanged = { type: 'leadership-changed'; id: string; leader: boolean };

export type OperatorEvent = Reconciled | LeadershipChanged;

/** Every progress event. */
export type ProgressEvent = EvalEvent | EvolveEvent | WorkerEvent | OperatorEvent;

export type ProgressListener<E extends ProgressEvent = ProgressEvent> = (event: E) => void;
export type EvalEventListener = ProgressListener<EvalEvent>;
export type EvolveEventListener = ProgressListener<EvolveEvent>;
