import { ConfigError } from '../../core/errors.ts';
import type { PaidLedger } from '../../core/evolve/paid-ledger.ts';
import type { Budget } from '../../core/ports/budget.ts';
import type { ResponseCache } from '../../core/ports/response-cache.ts';
import type { Message } from '../../core/prompt/types.ts';
import { canonicalJson } from '../cache/canonical-json.ts';
import type { RateLimiter } from '../limits/rate-limiter.ts';
import type { ConcurrencyLimiter } from '../limits/semaphore.ts';
import { type CallerCounters, createModelCaller, type ModelCaller } from '../model-caller.ts';
import type { ChatResponse, Provider, ProviderConfig } from '../providers/provider.ts';
import { createProvider } from '../providers/registry.ts';
import type { EvaluationJobResult, EvaluationJobSpec } from '../queue/job.ts';
import { runEvaluation } from '../run-evaluation.ts';
import { buildScorers, commonVariables } from '../scorers/registry.ts';
import type { BuiltScorer, JudgeCall } from '../scorers/scorer.ts';
import { withCallSlots } from './call-slots.ts';

/** What a worker shares between its jobs: providers (and their connection pools), cache, limits, budgets. */
export type JobServices = {
  workerId: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Where `file:` providers resolve. */
  baseDir: string;
  cache?: ResponseCache<ChatResponse>;
  rateLimiterFor(providerId: string, config: ProviderConfig): RateLimiter | undefined;
  budgetFor(budget: NonNullable<EvaluationJobSpec['budget']>): Budget;
  /** The paid-call ledger of a run (`spec.ledger`). */
  ledgerFor?(runId: string): PaidLedger;
  /** Providers already created, by reference and configuration (reused across jobs). */
  providers: Map<string, Provider>;
  /** Scorers without a judge, by what decides them (building compiles schemas: milliseconds per job). */
  scorers: Map<string, BuiltScorer[]>;
  /** The worker's calls in flight, shared by all its jobs (`--calls-in-flight`). */
  callSlots?: ConcurrencyLimiter;
};

export type JobOutcome = EvaluationJobResult & { counters: CallerCounters };

/** Passes through to `inner`, adding every settled amount to `spent`. */
function countingBudget(inner: Budget, spent: { evaluations: number; usd: number }): Budget {
  return {
    limits: inner.limits,
    reserve: (request) => inner.reserve(request),
    async settle(reservation, actual) {
      spent.evaluations += actual.evaluations ?? reservation.evaluations;
      spent.usd += Math.max(0, actual.usd);
      await inner.settle(reservation, actual);
    },
    release: (reservation) => inner.release(reservation),
    usage: () => inner.usage(),
  };
}

function modelOf(ref: string): string {
  if (ref.startsWith('file:')) return ref.includes('#') ? ref.slice(ref.indexOf('#') + 1) : ref;
  const slash = ref.indexOf('/');
  return slash < 0 ? ref : ref.slice(slash + 1);
}

/**
 * Evaluates one job exactly as the embedded mode evaluates those cases (the same `runEvaluation`, scorers and
 * model caller), with the cache, rate limits and budget shared through Redis. Records come back in the job's
 * case order. A rejected request (bad key, bad model) throws: every case would fail alike.
 */
export async function evaluateJob(spec: EvaluationJobSpec, services: JobServices): Promise<JobOutcome> {
  const providers = spec.providers ?? {};
  const spent = { evaluations: 0, usd: 0 };
  const budget = spec.budget ? countingBudget(services.budgetFor(spec.budget), spent) : undefined;
  const ledger = spec.ledger ? services.ledgerFor?.(spec.ledger) : undefined;
  const getProvider = async (ref: string): Promise<Provider> => {
    const config = providers[ref.split('/')[0] as string] ?? {};
    const key = canonicalJson({ ref, config });
    let p = services.providers.get(key);
    if (!p) {
      p = await createProvider(ref, { providers, env: services.env, baseDir: services.baseDir });
      services.providers.set(key, p);
    }
    return p;
  };
  const callerFor = async (ref: string): Promise<ModelCaller> => {
    const provider = await getProvider(ref);
    const config = providers[ref.split('/')[0] as string] ?? {};
    const caller = createModelCaller({
      provider,
      config,
      cache: services.cache,
      budget,
      rateLimiter: services.rateLimiterFor(provider.id, config),
      onPaid: ledger && ((c) => (ledger as PaidLedger).record(c)),
    });
    return withCallSlots(caller, services.callSlots);
  };
  const caller = await callerFor(spec.providerRef);
  const judges = new Map<string, ModelCaller>();
  const judge: JudgeCall = async (modelRef, messages: Message[]) => {
    const c = judges.get(modelRef);
    if (!c) throw new ConfigError(`judge model ${modelRef} was not prepared`);
    const { response, cached } = await c.call({ model: modelOf(modelRef), messages, parameters: {} });
    return { text: response.text, costUsd: response.costUsd, cached };
  };
  const rows = spec.cases.map((c) => c.row);
  const { data } = spec.prompt;
  const scorerKey = canonicalJson({
    file: spec.prompt.file,
    evaluators: data.evaluators,
    responseFormat: data.responseFormat,
    jsonSchema: data.jsonSchema,
    judgeModel: spec.judgeModel,
    variables: [...commonVariables(rows)].sort(),
  });
  let scorers = services.scorers.get(scorerKey);
  if (!scorers) {
    scorers = buildScorers({
      file: spec.prompt.file,
      prompt: data,
      rows,
      judge,
      judgeModel: spec.judgeModel,
    });
    // Judges close over this job's callers (its budget): only judge-free scorers are shared between jobs.
    if (scorers.every((s) => !s.callsModel)) services.scorers.set(scorerKey, scorers);
  }
  for (const s of scorers) {
    if (s.judgeModel && !judges.has(s.judgeModel)) judges.set(s.judgeModel, await callerFor(s.judgeModel));
  }
  const result = await runEvaluation({
    runId: spec.runId,
    prompt: { file: spec.prompt.file, data: spec.prompt.data, hash: spec.prompt.hash },
    plan: spec.cases,
    caller,
    model: modelOf(caller.provider.id),
    scorers,
    concurrency: spec.concurrency,
  });
  const order = new Map(spec.cases.map((c, i) => [`${c.caseIndex}/${c.repeat}`, i]));
  const records = [...result.records].sort(
    (a, b) => (order.get(`${a.caseIndex}/${a.repeat}`) ?? 0) - (order.get(`${b.caseIndex}/${b.repeat}`) ?? 0),
  );
  const counters = caller.counters;
  for (const j of judges.values()) {
    const c = j.counters;
    counters.providerRequests += c.providerRequests;
    counters.cacheHits += c.cacheHits;
    counters.retries += c.retries;
  }
  return {
    records,
    stopped: result.stopped,
    worker: services.workerId,
    spent,
    providerRequests: counters.providerRequests,
    cacheHits: counters.cacheHits,
    counters,
  };
}
