/**
 * The results store port: runs, prompt versions and evaluations. DuckDB is the embedded default
 * (`evaluator/store/duckdb-results-store.ts`); a PostgreSQL implementation can serve shared deployments.
 * Writers buffer and append in bulk; one process writes at a time; readers never fail because a run is writing.
 */

/**
 * `interrupted`: was `running` when its process died (killed, crashed); `completed-with-errors`: finished, but
 * more calls failed than `--max-error-rate` allows.
 */
export type RunStatus =
  | 'running'
  | 'completed'
  | 'partial'
  | 'failed'
  | 'interrupted'
  | 'completed-with-errors';

export type RunRecord = {
  id: string;
  /** What produced it: `eval`, `compare`, `evolve`, … */
  kind: string;
  promptName: string;
  promptFile: string;
  /** Provider reference, e.g. `openai/gpt-4o-mini` or `simulated/ticket-triage`. */
  provider: string;
  /** True when the provider is the simulator: reports label such runs "(simulated)". */
  simulated: boolean;
  status: RunStatus;
  /** ISO 8601. */
  startedAt: string;
  finishedAt?: string;
  /** The options the run was started with (sample, seed, repeat, …), JSON. */
  options: Record<string, unknown>;
  /** The run's summary report (per-metric means, CIs, cost), JSON; set when the run finishes. */
  summary?: unknown;
  /** Why a run stopped early (budget), or failed. */
  note?: string;
};

export type PromptVersionRecord = {
  /** Content hash of the prompt (the version's identity). */
  hash: string;
  name: string;
  /** The prompt file's data as evaluated. */
  content: unknown;
  /** Hashes of the versions it was derived from. */
  parents: string[];
  createdAt: string;
};

export type EvaluationRecord = {
  runId: string;
  /** Order of completion within the run (0-based); with runId, the evaluation's key. */
  seq: number;
  promptHash: string;
  caseId: string;
  caseIndex: number;
  repeat: number;
  output: string;
  /** Set when the call or scoring failed; metrics are then empty. */
  error?: string;
  /** Evaluator name → value (scores in [0, 1]; measurements in their unit). */
  metrics: Record<string, number>;
  /** Evaluator name → passed, for evaluators that decide pass/fail. */
  passes: Record<string, boolean>;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd?: number;
  model: string;
  cached: boolean;
  createdAt: string;
};

export type ExportFormat = 'parquet' | 'jsonl';

export interface ResultsStore {
  /** Records a run (insert or replace by id). */
  saveRun(run: RunRecord): Promise<void>;
  /** Records a prompt version; a hash already stored is left as it is. */
  savePromptVersion(version: PromptVersionRecord): Promise<void>;
  /** Buffers evaluations; they are written in bulk by `flush()` (also called when the buffer fills). */
  appendEvaluations(rows: readonly EvaluationRecord[]): Promise<void>;
  flush(): Promise<void>;
  listRuns(): Promise<RunRecord[]>;
  getRun(id: string): Promise<RunRecord | undefined>;
  evaluations(runId: string): Promise<EvaluationRecord[]>;
  /** Writes evaluations (with their metrics) of one run or all runs to a file; returns the row count. */
  exportEvaluations(
    format: ExportFormat,
    outPath: string,
    opts?: { runId?: string },
  ): Promise<{ rows: number }>;
  /** Flushes and releases the store. */
  close(): Promise<void>;
}
