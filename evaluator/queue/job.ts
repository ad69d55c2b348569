import { createHash } from 'node:crypto';
import type { PlannedCase } from '../../core/evaluation/plan.ts';
import type { BudgetLimits } from '../../core/ports/budget.ts';
import type { EvaluationRecord } from '../../core/ports/results-store.ts';
import type { PromptFile } from '../../core/prompt/types.ts';
import { canonicalJson } from '../cache/canonical-json.ts';
import type { ProviderConfig } from '../providers/provider.ts';

/** The BullMQ queue every coordinator and worker of a prefix shares. */
export const EVALUATION_QUEUE = 'evaluations';

/** Bump when the job's shape changes, so an old worker rejects a job it would misread. */
export const JOB_PROTOCOL_VERSION = 1;

/**
 * One job: a batch of cases of one candidate, with everything a worker needs and nothing secret (API keys are
 * named by their environment variable in `providers`, and each worker reads its own). The scorer specs are the
 * prompt's `evaluators`; the seeds are in the cases.
 */
export type EvaluationJobSpec = {
  v: number;
  /** The evaluation run the job belongs to (records carry it). */
  runId: string;
  prompt: { file: string; hash: string; data: PromptFile };
  /** Model reference of the model under test, e.g. `openai/gpt-4o-mini`. */
  providerRef: string;
  /** `evohub.yaml` `providers:` as the coordinator sees it (base URLs, limits, key env-var names). */
  providers?: Record<string, ProviderConfig>;
  /** Replaces every LLM judge's model. */
  judgeModel?: string;
  /** The shared budget the job's paid calls reserve from. */
  budget?: { id: string; limits: BudgetLimits };
  /** The run whose paid-call ledger (`<prefix>:ledger:<id>`) the job's paid calls are recorded in. */
  ledger?: string;
  cases: PlannedCase[];
  /** Evaluations of this job in flight at once on the worker. */
  concurrency: number;
  /** Position of the job's first case in the run's plan: a record's `seq` is this plus its case's position. */
  seqOffset?: number;
  /**
   * The coordinator's results store (a PostgreSQL URL without its password): a worker whose own store is this one
   * writes the job's evaluations there itself, as the job finishes.
   */
  results?: string;
};

export type EvaluationJobResult = {
  /** One per case evaluated, in the job's case order (`seq` is assigned by the coordinator). */
  records: EvaluationRecord[];
  /** Set when the shared budget refused a call: the remaining cases were not evaluated. */
  stopped?: { reason: 'budget'; message: string };
  worker: string;
  /** What the job's paid calls settled in the shared budget (its model and judge calls; cache hits are free). */
  spent: { evaluations: number; usd: number };
  providerRequests: number;
  cacheHits: number;
  /** True when the worker wrote the records to the results store itself (`spec.results`). */
  stored?: boolean;
};

/**
 * The job id: a hash of everything that decides the job's results (not of how fast it runs), so the same batch
 * submitted twice — a retried submission, a resumed coordinator — is the same job and is evaluated (and billed)
 * once. BullMQ ignores an add whose id exists.
 */
export function jobIdOf(spec: EvaluationJobSpec): string {
  // Neither how fast nor from which budget it is paid: a resumed coordinator opens a budget of its own.
  const {
    concurrency: _speed,
    budget: _payer,
    ledger: _ledger,
    seqOffset: _offset,
    results: _where,
    ...content
  } = spec;
  return `ev-${createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 40)}`;
}

/** Splits a plan into batches of `size` cases, in plan order. */
export function batchesOf<T>(plan: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < plan.length; i += n) out.push(plan.slice(i, i + n));
  return out;
}

/**
 * The records of a job with their run-wide `seq`: the job's offset plus the position of their case (case index and
 * repeat) in the job, so the coordinator and a worker that stores them agree, whichever writes first.
 */
export function withPlanSeq(
  spec: Pick<EvaluationJobSpec, 'cases' | 'seqOffset'>,
  records: readonly EvaluationRecord[],
): EvaluationRecord[] {
  const pos = new Map(spec.cases.map((c, i) => [`${c.caseIndex}/${c.repeat}`, i]));
  const offset = spec.seqOffset ?? 0;
  return records.map((r, i) => ({ ...r, seq: offset + (pos.get(`${r.caseIndex}/${r.repeat}`) ?? i) }));
}
