import type { PlannedCase } from '../../core/evaluation/plan.ts';
import type { EvaluationRecord } from '../../core/ports/results-store.ts';
import { renderMessages } from '../../core/prompt/render.ts';
import type { PromptFile } from '../../core/prompt/types.ts';
import { isBudgetExceeded } from '../budget/budget.ts';
import type { CallResult, ModelCaller } from '../model-caller.ts';
import type { ChatRequest } from '../providers/provider.ts';
import { ProviderError } from '../providers/provider-error.ts';
import type { BuiltScorer, Score } from '../scorers/scorer.ts';

/** What every case of a run shares. */
export type CaseContext = {
  runId: string;
  prompt: { file: string; data: PromptFile; hash: string };
  caller: ModelCaller;
  /** The request fields every case shares (model, parameters, response format). */
  base: Omit<ChatRequest, 'messages' | 'seed' | 'signal'>;
  scorers: readonly BuiltScorer[];
  now: () => number;
};

/** A scored record (a failed call or scorer is recorded as the case's error), or an error that halts the run. */
export type CaseOutcome = { record: EvaluationRecord } | { halt: unknown };

/** A case's input variables (its row without `expected`) and its expected value, as stored with the record. */
export function caseInputs(row: PlannedCase['row']): Pick<EvaluationRecord, 'vars' | 'expected'> {
  const { expected, ...vars } = row;
  return expected === undefined ? { vars } : { vars, expected };
}

/** An exhausted budget stops the run; a rejected request (auth, bad model, bad parameters) fails every case alike. */
export function haltsRun(error: unknown): boolean {
  return isBudgetExceeded(error) || (error instanceof ProviderError && error.kind === 'client');
}

/** Renders one case, calls the model through the caller and scores the answer with every scorer. */
export async function evaluateCase(ctx: CaseContext, c: PlannedCase): Promise<CaseOutcome> {
  const messages = renderMessages(ctx.prompt.data.messages, c.row, ctx.prompt.file);
  const request: ChatRequest = { ...ctx.base, messages, seed: c.seed };
  const record: EvaluationRecord = {
    runId: ctx.runId,
    seq: -1,
    promptHash: ctx.prompt.hash,
    caseId: c.caseId,
    caseIndex: c.caseIndex,
    repeat: c.repeat,
    output: '',
    metrics: {},
    passes: {},
    latencyMs: 0,
    inputTokens: 0,
    outputTokens: 0,
    model: ctx.caller.provider.id,
    cached: false,
    createdAt: new Date(ctx.now()).toISOString(),
    ...caseInputs(c.row),
  };
  let result: CallResult;
  try {
    result = await ctx.caller.call(request);
  } catch (error) {
    // A failed call is this case's error, stored with the record; errors that halt the run stop it.
    if (haltsRun(error)) return { halt: error };
    record.error = error instanceof Error ? error.message : String(error);
    return { record };
  }
  const { response } = result;
  record.output = response.text;
  record.latencyMs = response.latencyMs;
  record.inputTokens = response.usage.inputTokens;
  record.outputTokens = response.usage.outputTokens;
  record.costUsd = response.costUsd;
  record.cached = result.cached;
  const halt = await scoreInto(record, ctx.scorers, c, result);
  return halt === undefined ? { record } : { halt };
}

/** Fills the record's metrics and passes; returns an error that halts the run, if a scorer threw one. */
async function scoreInto(
  record: EvaluationRecord,
  scorers: readonly BuiltScorer[],
  c: PlannedCase,
  { response }: CallResult,
): Promise<unknown> {
  let judgeUsd = 0;
  for (const s of scorers) {
    let score: Score;
    try {
      score = await s.score({ output: response.text, row: c.row, response, costUsd: response.costUsd });
    } catch (error) {
      // A failing scorer is this case's error, stored with the record; errors that halt the run stop it.
      if (haltsRun(error)) return error;
      record.error = `evaluator "${s.name}": ${error instanceof Error ? error.message : String(error)}`;
      continue;
    }
    record.metrics[s.name] = score.value;
    if (score.pass !== undefined) record.passes[s.name] = score.pass;
    if (score.costUsd) judgeUsd += score.costUsd;
  }
  // The evaluation's cost includes its judges' calls.
  if (judgeUsd > 0) record.costUsd = (record.costUsd ?? 0) + judgeUsd;
  return undefined;
}
