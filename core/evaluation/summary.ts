import type { EvaluationRecord } from '../ports/results-store.ts';
import { caseMeans, type MetricMeta, metricValue } from './metrics.ts';
import {
  estimateWithCi,
  type Interval,
  mean,
  percentile,
  sampleSd,
  scaleOf,
  wilsonInterval,
} from './stats.ts';

export type CaseSpread = { caseId: string; n: number; mean: number; sd: number; min: number; max: number };

export type MetricSummary = MetricMeta & {
  /** Cases with a value (the unit of the interval: repeats of a case are averaged first). */
  cases: number;
  mean: number;
  /**
   * 95% interval of the mean over cases: Wilson for evaluator scores in [0, 1] (never outside it), a t-interval
   * otherwise (NaN bounds with fewer than two cases). See intervals.ts.
   */
  ci: Interval;
  /** Share of evaluations that passed, for evaluators that decide pass/fail. */
  passRate?: number;
  /** 95% Wilson interval of the pass rate, over cases (a case passes by the share of its repeats that did). */
  passRateCi?: Interval;
  /** With repeats: how much a case's value varies between repeats. */
  spread?: { meanSd: number; maxSd: number; perCase: CaseSpread[] };
};

export type RunSummary = {
  evaluations: number;
  errors: number;
  cases: number;
  repeats: number;
  metrics: MetricSummary[];
  /**
   * `totalUsd`: what the evaluations cost (cached answers count at their original price, so versions compare
   * fairly); `spentUsd`: what this run paid (cache hits are free).
   */
  cost: { totalUsd: number; spentUsd: number; perEvaluationUsd: number; unpriced: number };
  latencyMs: { p50: number; p95: number; mean: number };
  tokens: { input: number; output: number; total: number; perEvaluation: number };
  cache: { hits: number; misses: number; hitRate: number };
};

function spreadOf(evals: readonly EvaluationRecord[], m: MetricMeta): MetricSummary['spread'] {
  const byCase = new Map<string, number[]>();
  for (const e of evals) {
    if (e.error !== undefined) continue;
    const v = metricValue(e, m.name, m.kind);
    if (!Number.isFinite(v)) continue;
    const list = byCase.get(e.caseId) ?? [];
    list.push(v);
    byCase.set(e.caseId, list);
  }
  const perCase: CaseSpread[] = [...byCase].map(([caseId, xs]) => ({
    caseId,
    n: xs.length,
    mean: mean(xs),
    sd: sampleSd(xs),
    min: Math.min(...xs),
    max: Math.max(...xs),
  }));
  const sds = perCase.map((c) => c.sd);
  return { meanSd: sds.length ? mean(sds) : 0, maxSd: sds.length ? Math.max(...sds) : 0, perCase };
}

/** The report of one run (pure): per metric mean with 95% CI and pass rate; cost, latency, tokens, cache. */
export function summarizeRun(evals: readonly EvaluationRecord[], metrics: readonly MetricMeta[]): RunSummary {
  const ok = evals.filter((e) => e.error === undefined);
  const repeats = evals.reduce((mx, e) => Math.max(mx, e.repeat + 1), 0);
  const summaries: MetricSummary[] = metrics.map((m) => {
    const perCase = [...caseMeans(evals, m).values()];
    const { mean: mu, ci } = estimateWithCi(perCase, scaleOf(m.kind, perCase));
    const passes = ok.map((e) => e.passes[m.name]).filter((p): p is boolean => p !== undefined);
    const s: MetricSummary = { ...m, cases: perCase.length, mean: mu, ci };
    if (passes.length > 0) {
      s.passRate = passes.filter(Boolean).length / passes.length;
      // Repeats of a case are not independent trials: the interval's n is the number of cases.
      const casesWithVerdict = new Set(ok.filter((e) => e.passes[m.name] !== undefined).map((e) => e.caseId));
      s.passRateCi = wilsonInterval(s.passRate, casesWithVerdict.size);
    }
    if (repeats > 1) s.spread = spreadOf(evals, m);
    return s;
  });
  const costs = ok.map((e) => e.costUsd);
  const priced = costs.filter((c): c is number => c !== undefined && Number.isFinite(c));
  const totalUsd = priced.reduce((a, b) => a + b, 0);
  const spentUsd = ok.reduce(
    (a, e) => a + (!e.cached && e.costUsd !== undefined && Number.isFinite(e.costUsd) ? e.costUsd : 0),
    0,
  );
  const lat = ok.map((e) => e.latencyMs);
  const input = ok.reduce((a, e) => a + e.inputTokens, 0);
  const output = ok.reduce((a, e) => a + e.outputTokens, 0);
  const hits = evals.filter((e) => e.cached).length;
  return {
    evaluations: evals.length,
    errors: evals.length - ok.length,
    cases: new Set(evals.map((e) => e.caseId)).size,
    repeats,
    metrics: summaries,
    cost: {
      totalUsd,
      spentUsd,
      perEvaluationUsd: ok.length ? totalUsd / ok.length : 0,
      unpriced: costs.length - priced.length,
    },
    latencyMs: { p50: percentile(lat, 50), p95: percentile(lat, 95), mean: mean(lat) },
    tokens: {
      input,
      output,
      total: input + output,
      perEvaluation: ok.length ? (input + output) / ok.length : 0,
    },
    cache: { hits, misses: evals.length - hits, hitRate: evals.length ? hits / evals.length : 0 },
  };
}
