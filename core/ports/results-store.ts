import type { AncestryEntry, LineageRecord } from '../evolve/lineage.ts';
import type { PaidCall } from '../evolve/paid-ledger.ts';

/**
 * The results store port: runs, prompt versions and evaluations. DuckDB is the embedded default
 * (`evaluator/store/duckdb-results-store.ts`); a PostgreSQL implementation can serve shared deployments.
 * Writers buffer and append in bulk; readers never fail because a run is writing. DuckDB has one writing process
 * at a time; PostgreSQL (`evaluator/store/postgres/`) takes many, every write an idempotent upsert.
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
  /**
   * The case's input variables (its dataset row without `expected`), as JSON. Absent on rows stored before
   * schema version 3.
   */
  vars?: Record<string, unknown>;
  /** The row's `expected` value (the reference answer), when it has one. */
  expected?: unknown;
};

export type ExportFormat = 'parquet' | 'jsonl';

/** An evolution run's loop state after one generation (engine snapshot included), as JSON. */
export type CheckpointRecord = { generation: number; state: unknown };

export interface ResultsStore {
  /** Records a run (insert or replace by id). */
  saveRun(run: RunRecord): Promise<void>;
  /** Records a prompt version; a hash already stored is left as it is. */
  savePromptVersion(version: PromptVersionRecord): Promise<void>;
  /** Records many prompt versions in one write (an evolve generation's candidates); stored hashes are kept. */
  savePromptVersions(versions: readonly PromptVersionRecord[]): Promise<void>;
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
  /**
   * Writes a generation's checkpoint and its lineage records in one transaction (a kill leaves the previous
   * checkpoint or this one, never half). A hash already in the lineage keeps its first record.
   */
  saveCheckpoint(
    runId: string,
    generation: number,
    state: unknown,
    lineage: readonly LineageRecord[],
  ): Promise<void>;
  /** The newest checkpoint of a run. */
  latestCheckpoint(runId: string): Promise<CheckpointRecord | undefined>;
  /** Lineage records only (the baseline, at the start of a run). */
  recordLineage(lineage: readonly LineageRecord[]): Promise<void>;
  /** Ancestry of a prompt version, nearest first (empty when it has no lineage record). */
  ancestry(hash: string): Promise<AncestryEntry[]>;
  /** Replaces a run's paid-call ledger (each call key once, with its cost). */
  savePaidCalls(runId: string, calls: readonly PaidCall[]): Promise<void>;
  /** A run's paid calls, ordered by key. */
  paidCalls(runId: string): Promise<PaidCall[]>;
  /**
   * Stored prompt versions whose hash starts with `prefix` (of `name` when given), at most `limit` (default 20),
   * ordered by hash; each with the ids of the runs that evaluated it (oldest first).
   */
  findPromptVersions(
    prefix: string,
    opts?: { name?: string; limit?: number },
  ): Promise<(PromptVersionRecord & { runs: string[] })[]>;
  /** Flushes and releases the store. */
  close(): Promise<void>;
}
