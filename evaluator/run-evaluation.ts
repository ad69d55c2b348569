import type { PlannedCase } from '../core/evaluation/plan.ts';
import type { EvaluationRecord, ResultsStore } from '../core/ports/results-store.ts';
import { renderMessages } from '../core/prompt/render.ts';
import type { PromptFile } from '../core/prompt/types.ts';
import { isBudgetExceeded } from './budget/budget.ts';
import type { EvalEventListener } from './events.ts';
import type { ModelCaller } from './model-caller.ts';
import type { ChatRequest } from './providers/provider.ts';
import { ProviderError } from './providers/provider-error.ts';
import type { BuiltScorer, Score } from './scorers/scorer.ts';

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
   * Flush the store at most this often (ms) while a run goes on, so readers see progress; default 5000 (a batch
   * costs ~50 ms of CPU to open the file, append and close it, whatever its size).
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

/** A case's input variables (its row without `expected`) and its expected value, as stored with the record. */
export function caseInputs(row: PlannedCase['row']): Pick<EvaluationRecord, 'vars' | 'expected'> {
  const { expected, ...vars } = row;
  return expected === undefined ? { vars } : { vars, expected };
}

function isFatal(error: unknown): boolean {
  // A rejected request (auth, bad model name, bad parameters) fails every case alike: stop at once.
  return error instanceof ProviderError && error.kind === 'client';
}

/**
 * Runs the plan: renders each case, calls the model through the caller, scores the answer with every scorer,
 * records the evaluation (buffered to the store in bulk) and reports progress. A budget refusal stops the
 * run (calls in flight finish); a failed call is recorded as an error evaluation; a rejected request aborts.
 */
export async function runEvaluation(opts: RunEvaluationOptions): Promise<RunEvaluationResult> {
  const { plan, caller, scorers, store, onEvent, runId } = opts;
  const now = opts.now ?? Date.now;
  const total = plan.length;
  const records: EvaluationRecord[] = [];
  const base = {
    model: opts.model,
    parameters: opts.prompt.data.modelParameters ?? {},
    responseFormat: opts.prompt.data.responseFormat,
    jsonSchema: opts.prompt.data.jsonSchema,
  };
  const modelRef = caller.provider.id;
  let next = 0;
  let stopped: RunEvaluationResult['stopped'];
  let fatal: unknown;
  let lastFlush = now();
  let flushing: Promise<void> | undefined;

  const checkpoint = async (force: boolean): Promise<void> => {
    if (!store) return;
    if (!force && (flushing || now() - lastFlush < (opts.checkpointMs ?? 5000))) return;
    lastFlush = now();
    const p = store
      .flush()
      .then(() => onEvent?.({ type: 'checkpoint-written', runId, evaluations: records.length }));
    flushing = p.finally(() => {
      flushing = undefined;
    });
    await p;
  };

  /** An exhausted budget stops the run, a fatal error aborts it; either way the case gives no record. */
  function haltsRun(error: unknown): boolean {
    if (isBudgetExceeded(error)) {
      stopped ??= { reason: 'budget', message: error.message };
      return true;
    }
    if (isFatal(error)) {
      fatal ??= error;
      return true;
    }
    return false;
  }

  async function evaluateOne(c: PlannedCase): Promise<EvaluationRecord | undefined> {
    const messages = renderMessages(opts.prompt.data.messages, c.row, opts.prompt.file);
    const request: ChatRequest = { ...base, messages, seed: c.seed };
    const createdAt = new Date(now()).toISOString();
    const record: EvaluationRecord = {
      runId,
      seq: -1,
      promptHash: opts.prompt.hash,
      caseId: c.caseId,
      caseIndex: c.caseIndex,
      repeat: c.repeat,
      output: '',
      metrics: {},
      passes: {},
      latencyMs: 0,
      inputTokens: 0,
      outputTokens: 0,
      model: modelRef,
      cached: false,
      createdAt,
      ...caseInputs(c.row),
    };
    let result: Awaited<ReturnType<ModelCaller['call']>>;
    try {
      result = await caller.call(request);
    } catch (error) {
      // A failed call is this case's error, stored with the record; errors that halt the run stop it.
      if (haltsRun(error)) return undefined;
      record.error = error instanceof Error ? error.message : String(error);
      return record;
    }
    const { response } = result;
    record.output = response.text;
    record.latencyMs = response.latencyMs;
    record.inputTokens = response.usage.inputTokens;
    record.outputTokens = response.usage.outputTokens;
    record.costUsd = response.costUsd;
    record.cached = result.cached;
    let judgeUsd = 0;
    for (const s of scorers) {
      let score: Score;
      try {
        score = await s.score({ output: response.text, row: c.row, response, costUsd: response.costUsd });
      } catch (error) {
        // A failing scorer is this case's error, stored with the record; errors that halt the run stop it.
        if (haltsRun(error)) return undefined;
        record.error = `evaluator "${s.name}": ${error instanceof Error ? error.message : String(error)}`;
        continue;
      }
      record.metrics[s.name] = score.value;
      if (score.pass !== undefined) record.passes[s.name] = score.pass;
      if (score.costUsd) judgeUsd += score.costUsd;
    }
    // The evaluation's cost includes its judges' calls.
    if (judgeUsd > 0) record.costUsd = (record.costUsd ?? 0) + judgeUsd;
    return record;
  }

  async function worker(): Promise<void> {
    while (!stopped && fatal === undefined && next < plan.length) {
      const c = plan[next++] as PlannedCase;
      const record = await evaluateOne(c);
      if (!record) continue;
      record.seq = records.length;
      records.push(record);
      if (store) await store.appendEvaluations([record]);
      onEvent?.({
        type: 'evaluation-scored',
        runId,
        done: records.length,
        total,
        caseId: record.caseId,
        repeat: record.repeat,
        cached: record.cached,
        error: record.error,
        costUsd: record.costUsd,
      });
      // Not awaited: a worker does not wait for the disk; a failed flush keeps its rows for the final one.
      checkpoint(false).catch(() => undefined);
    }
  }

  const workers = Math.max(1, Math.min(opts.concurrency, plan.length));
  await Promise.all(Array.from({ length: workers }, () => worker()));
  if (flushing) await flushing;
  await checkpoint(true);
  if (fatal !== undefined) throw fatal;
  if (stopped) onEvent?.({ type: 'run-stopped', runId, reason: 'budget', message: stopped.message });
  return { records, stopped };
}
