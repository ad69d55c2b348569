import { randomUUID } from 'node:crypto';
import { ConfigError } from '../../core/errors.ts';
import {
  digestErrors,
  type ErrorDigest,
  formatErrorDigest,
  statusForErrors,
} from '../../core/evaluation/error-rate.ts';
import { type MetricMeta, withBuiltinMeasures } from '../../core/evaluation/metrics.ts';
import { type PlannedCase, planCases } from '../../core/evaluation/plan.ts';
import { type RunSummary, summarizeRun } from '../../core/evaluation/summary.ts';
import type { EvalEventListener } from '../../core/events.ts';
import type { PaidLedger } from '../../core/evolve/paid-ledger.ts';
import type { Budget } from '../../core/ports/budget.ts';
import type { ResponseCache } from '../../core/ports/response-cache.ts';
import type { EvaluationRecord, ResultsStore, RunRecord } from '../../core/ports/results-store.ts';
import { promptContentHash } from '../../core/prompt/hash.ts';
import type { DatasetRow, Message, PromptFile } from '../../core/prompt/types.ts';
import { createModelCaller, type ModelCaller } from '../model-caller.ts';
import type { ChatResponse, Provider, ProviderConfig } from '../providers/provider.ts';
import { createProvider } from '../providers/registry.ts';
import { runEvaluation } from '../run-evaluation.ts';
import { makeLocator } from '../scorers/locate.ts';
import { buildScorers } from '../scorers/registry.ts';
import type { BuiltScorer, JudgeCall } from '../scorers/scorer.ts';
import { checkRowsCoverMessages } from './preflight.ts';

/** A prompt version to evaluate: its data, where it came from (for errors) and its text (for line:col). */
export type PromptSource = {
  /** Path shown in errors and stored with the run (repository-relative, or `file@ref`). */
  file: string;
  name: string;
  data: PromptFile;
  text?: string;
  /** Hashes of the versions it derives from (stored with the prompt version); default: `lineage.parents`. */
  parents?: string[];
};

/** What every evaluation of a session shares: providers, cache, budget, store, listeners. */
export type EvaluationEnvironment = {
  /** Where `file:` providers and relative paths resolve (the repository root). */
  baseDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** `evohub.yaml` `providers:`. */
  providers?: Record<string, ProviderConfig>;
  /** The default model reference when neither `--provider` nor the prompt's `model` gives one. */
  defaultModel?: string;
  cache?: ResponseCache<ChatResponse>;
  budget?: Budget;
  store?: ResultsStore;
  onEvent?: EvalEventListener;
  now?: () => number;
  /** Replaces every LLM judge's model. */
  judgeModel?: string;
  /** Where every paid call is recorded as it is paid (evolve: the run's spend survives a crash). */
  ledger?: PaidLedger;
};

export type EvaluationSettings = {
  /** Provider reference overriding the prompt's `model`. */
  provider?: string;
  sample?: number;
  seed?: number;
  repeat?: number;
  concurrency?: number;
  /** Stored with the run (`eval`, `compare`, …). */
  kind?: string;
  /** Extra options stored with the run. */
  note?: Record<string, unknown>;
  /** Above this share of failed calls the run is `completed-with-errors` (all failed: `failed`). */
  maxErrorRate?: number;
};

export type PreparedEvaluation = {
  source: PromptSource;
  hash: string;
  provider: Provider;
  caller: ModelCaller;
  model: string;
  scorers: BuiltScorer[];
  metrics: MetricMeta[];
  plan: PlannedCase[];
};

export type EvaluationReport = {
  runId: string;
  prompt: { file: string; name: string; hash: string };
  provider: string;
  simulated: boolean;
  status: RunRecord['status'];
  summary: RunSummary;
  /** Failed calls and their first distinct errors. */
  errors: ErrorDigest;
  metrics: MetricMeta[];
  records: EvaluationRecord[];
  stopped?: { reason: 'budget'; message: string };
};

export const DEFAULT_CONCURRENCY = 16;

function modelOf(ref: string): string {
  const slash = ref.indexOf('/');
  if (ref.startsWith('file:')) return ref.includes('#') ? ref.slice(ref.indexOf('#') + 1) : ref;
  return slash < 0 ? ref : ref.slice(slash + 1);
}

/**
 * Everything that can fail before a paid call fails here: the provider reference and its key, every judge's,
 * the evaluators (forms, options, variables) and every row's variables.
 */
export async function prepareEvaluation(
  source: PromptSource,
  rows: readonly DatasetRow[],
  plan: PlannedCase[],
  env: EvaluationEnvironment,
  settings: EvaluationSettings,
  scorerSource: PromptSource = source,
): Promise<PreparedEvaluation> {
  const ref = settings.provider ?? source.data.model ?? env.defaultModel;
  if (!ref) {
    throw new ConfigError(`no model for ${source.file}`, {
      location: { file: source.file, field: '/model' },
      hint: 'set `model:` in the prompt file, defaults.model in evohub.yaml, or pass --provider',
    });
  }
  const locate = makeLocator(source.file, source.text);
  checkRowsCoverMessages(
    source.data,
    plan.map((c) => c.row),
    locate,
  );
  const providerOpts = { providers: env.providers, env: env.env, baseDir: env.baseDir };
  const provider = await createProvider(ref, providerOpts).catch((e: unknown) => {
    // A refused `file:` module named by the prompt's `model:` is reported at that line.
    if (
      e instanceof ConfigError &&
      ref.startsWith('file:') &&
      settings.provider === undefined &&
      source.data.model === ref
    ) {
      throw new ConfigError(e.message, { location: locate(['model']), hint: e.hint, cause: e });
    }
    throw e;
  });
  const callers = new Map<string, ModelCaller>();
  const judge: JudgeCall = async (modelRef, messages: Message[]) => {
    const caller = callers.get(modelRef);
    if (!caller) throw new ConfigError(`judge model ${modelRef} was not prepared`);
    const { response, cached } = await caller.call({ model: modelOf(modelRef), messages, parameters: {} });
    return { text: response.text, costUsd: response.costUsd, cached };
  };
  const scorers = buildScorers({
    file: scorerSource.file,
    text: scorerSource.text,
    prompt: scorerSource.data,
    rows,
    judge,
    judgeModel: env.judgeModel,
  });
  for (const s of scorers) {
    if (!s.judgeModel || callers.has(s.judgeModel)) continue;
    const jp = await createProvider(s.judgeModel, providerOpts);
    callers.set(
      s.judgeModel,
      createModelCaller({
        provider: jp,
        config: env.providers?.[s.judgeModel.split('/')[0] as string],
        cache: env.cache,
        budget: env.budget,
        onPaid: env.ledger && ((c) => (env.ledger as PaidLedger).record(c)),
      }),
    );
  }
  const caller = createModelCaller({
    provider,
    config: env.providers?.[ref.split('/')[0] as string],
    cache: env.cache,
    budget: env.budget,
    onPaid: env.ledger && ((c) => (env.ledger as PaidLedger).record(c)),
  });
  const metrics = withBuiltinMeasures(
    scorers.map((s) => ({ name: s.name, kind: s.kind, direction: s.direction })),
  );
  return {
    source,
    hash: promptContentHash(source.data),
    provider,
    caller,
    model: modelOf(provider.id),
    scorers,
    metrics,
    plan,
  };
}

/** Runs a prepared evaluation, recording the run, the prompt version and every evaluation in the store. */
export async function executeEvaluation(
  prepared: PreparedEvaluation,
  env: EvaluationEnvironment,
  settings: EvaluationSettings,
): Promise<EvaluationReport> {
  const now = env.now ?? Date.now;
  const runId = `${new Date(now()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomUUID().slice(0, 8)}`;
  const { source, provider, hash } = prepared;
  const run: RunRecord = {
    id: runId,
    kind: settings.kind ?? 'eval',
    promptName: source.name,
    promptFile: source.file,
    provider: provider.id,
    simulated: provider.simulated,
    status: 'running',
    startedAt: new Date(now()).toISOString(),
    options: {
      sample: settings.sample,
      seed: settings.seed ?? 0,
      repeat: settings.repeat ?? 1,
      concurrency: settings.concurrency ?? DEFAULT_CONCURRENCY,
      ...settings.note,
    },
  };
  const store = env.store;
  if (store) {
    await store.saveRun(run);
    await store.savePromptVersion({
      hash,
      name: source.name,
      content: source.data,
      parents: source.parents ?? source.data.lineage?.parents ?? [],
      createdAt: run.startedAt,
    });
  }
  env.onEvent?.({
    type: 'run-started',
    runId,
    prompt: source.name,
    provider: provider.id,
    simulated: provider.simulated,
    total: prepared.plan.length,
  });
  let result: Awaited<ReturnType<typeof runEvaluation>>;
  try {
    result = await runEvaluation({
      runId,
      prompt: { file: source.file, data: source.data, hash },
      plan: prepared.plan,
      caller: prepared.caller,
      model: prepared.model,
      scorers: prepared.scorers,
      concurrency: settings.concurrency ?? DEFAULT_CONCURRENCY,
      store,
      onEvent: env.onEvent,
      now: env.now,
    });
  } catch (error) {
    if (store) {
      await store.saveRun({
        ...run,
        status: 'failed',
        finishedAt: new Date(now()).toISOString(),
        note: error instanceof Error ? error.message : String(error),
      });
    }
    env.onEvent?.({ type: 'run-finished', runId, status: 'failed', evaluations: 0 });
    throw error;
  }
  const summary = summarizeRun(result.records, prepared.metrics);
  const errors = digestErrors(result.records);
  const status: RunRecord['status'] = result.stopped
    ? 'partial'
    : statusForErrors(errors, settings.maxErrorRate);
  if (store) {
    await store.saveRun({
      ...run,
      status,
      finishedAt: new Date(now()).toISOString(),
      summary,
      note:
        result.stopped?.message ?? (status === 'completed' ? undefined : formatErrorDigest(errors).trimEnd()),
    });
  }
  env.onEvent?.({ type: 'run-finished', runId, status, evaluations: result.records.length });
  return {
    runId,
    prompt: { file: source.file, name: source.name, hash },
    provider: provider.id,
    simulated: provider.simulated,
    status,
    summary,
    errors,
    metrics: prepared.metrics,
    records: result.records,
    stopped: result.stopped,
  };
}

/** Evaluates one prompt version on its dataset: plan, preflight checks, run, summary. */
export async function evaluatePrompt(
  source: PromptSource,
  rows: readonly DatasetRow[],
  env: EvaluationEnvironment,
  settings: EvaluationSettings = {},
): Promise<EvaluationReport> {
  const plan = planCases(rows, settings);
  const prepared = await prepareEvaluation(source, rows, plan, env, settings);
  return executeEvaluation(prepared, env, settings);
}
