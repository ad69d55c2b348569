import type { PlannedCase } from '../core/evaluation/plan.ts';
import type { EvalEventListener } from '../core/events.ts';
import type { EvaluationRecord, ResultsStore } from '../core/ports/results-store.ts';
import type { PromptFile } from '../core/prompt/types.ts';
import { isBudgetExceeded } from './budget/budget.ts';
import type { ModelCaller } from './model-caller.ts';
import { type CaseContext, evaluateCase } from './run/evaluate-case.ts';
import type { BuiltScorer } from './scorers/scorer.ts';

const DEFAULT_CHECKPOINT_MS = 15_000;

export type RunEvaluationOptions = {
  runId: string;
  prompt: { file: string; data: PromptFile; hash: string };
  plan: readonly PlannedCase[];
  /** The model under test (cache, limits, budget and retries included). */
  caller: ModelCaller;
  /** The model part of the provider reference, as the request carries it. */
  model: string;
  scorers: readonly BuiltScorer[];
  /** Evaluations in flight at once. */
  concurrency: number;
  store?: ResultsStore;
  /**
   * Flush the store at most this often (ms) while a run goes on, so readers see progress; default 15000. A
   * DuckDB batch costs ~50 ms of CPU to open the file, append, checkpoint and close it whatever its size; every
   * 5 s, a 3,000-evaluation run at concurrency 64 (47 s) paid nine of them. Fast runs flush more often anyway
   * (the DuckDB store writes every 2,000 rows).
   */
  checkpointMs?: number;
  onEvent?: EvalEventListener;
  now?: () => number;
};

export type RunEvaluationResult = {
  records: EvaluationRecord[];
  /** Set when the budget stopped the run before every planned evaluation ran. */
  stopped?: { reason: 'budget'; message: string };
};

/**
 * Runs the plan: renders each case, calls the model through the caller, scores the answer with every scorer,
 * records the evaluation (buffered to the store in bulk) and reports progress. A budget refusal stops the
 * run (calls in flight finish); a failed call is recorded as an error evaluation; a rejected request aborts.
 */
export async function runEvaluation(opts: RunEvaluationOptions): Promise<RunEvaluationResult> {
  const { plan, store, onEvent, runId } = opts;
  const now = opts.now ?? Date.now;
  const total = plan.length;
  const records: EvaluationRecord[] = [];
  const ctx: CaseContext = {
    runId,
    prompt: opts.prompt,
    caller: opts.caller,
    scorers: opts.scorers,
    now,
    base: {
      model: opts.model,
      parameters: opts.prompt.data.modelParameters ?? {},
      responseFormat: opts.prompt.data.responseFormat,
      jsonSchema: opts.prompt.data.jsonSchema,
    },
  };
  let next = 0;
  let stopped: RunEvaluationResult['stopped'];
  let fatal: unknown;
  const checkpoints = checkpointer(store, opts.checkpointMs ?? DEFAULT_CHECKPOINT_MS, now, () =>
    onEvent?.({ type: 'checkpoint-written', runId, evaluations: records.length }),
  );

  async function worker(): Promise<void> {
    while (!stopped && fatal === undefined && next < plan.length) {
      const outcome = await evaluateCase(ctx, plan[next++] as PlannedCase);
      if ('halt' in outcome) {
        // Calls in flight finish; the case that met the halt gives no record.
        if (isBudgetExceeded(outcome.halt)) stopped ??= { reason: 'budget', message: outcome.halt.message };
        else fatal ??= outcome.halt;
        continue;
      }
      const record = outcome.record;
      record.seq = records.length;
      records.push(record);
      // Counted before the store's await: other cases finish meanwhile, and each event carries its own count.
      const done = records.length;
      if (store) await store.appendEvaluations([record]);
      onEvent?.({
        type: 'evaluation-scored',
        runId,
        done,
        total,
        caseId: record.caseId,
        repeat: record.repeat,
        cached: record.cached,
        error: record.error,
        costUsd: record.costUsd,
      });
      checkpoints.maybe();
    }
  }

  const workers = Math.max(1, Math.min(opts.concurrency, plan.length));
  await Promise.all(Array.from({ length: workers }, () => worker()));
  await checkpoints.final();
  if (fatal !== undefined) throw fatal;
  if (stopped) onEvent?.({ type: 'run-stopped', runId, reason: 'budget', message: stopped.message });
  return { records, stopped };
}

/**
 * Flushes the store at most every `everyMs` while the run goes on (never two flushes at once), and once at the
 * end after any flush in progress.
 */
function checkpointer(
  store: ResultsStore | undefined,
  everyMs: number,
  now: () => number,
  written: () => void,
): { maybe(): void; final(): Promise<void> } {
  let lastFlush = now();
  let flushing: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    if (!store) return;
    lastFlush = now();
    const p = store.flush().then(written);
    // The final flush retries what a failed one kept; this promise only says when the disk is free again.
    flushing = p
      .catch(() => undefined)
      .finally(() => {
        flushing = undefined;
      });
    await p;
  };
  return {
    maybe() {
      if (!store || flushing || now() - lastFlush < everyMs) return;
      // Not awaited: a worker does not wait for the disk; a failed flush keeps its rows for the final one.
      flush().catch(() => undefined);
    },
    async final() {
      if (flushing) await flushing;
      await flush();
    },
  };
}
