import type { EvaluationRecord } from '../ports/results-store.ts';

/** What a report needs to know about a metric: its name (the evaluator's), its form, and which way is better. */
export type MetricMeta = {
  name: string;
  /** Scorer form (`string`, `llm`, …) or `builtin` for cost, latency and tokens. */
  kind: string;
  direction: 'maximize' | 'minimize';
};

/** Per-call measurements every evaluation has, compared like metrics (names match `objectives[].metric`). */
export const BUILTIN_MEASURES: readonly MetricMeta[] = [
  { name: 'cost', kind: 'builtin', direction: 'minimize' },
  { name: 'latency', kind: 'builtin', direction: 'minimize' },
  { name: 'tokens', kind: 'builtin', direction: 'minimize' },
];

/** Whether a metric name is one of the built-in measures (cost, latency, tokens) rather than a scorer's. */
export function isBuiltinMeasure(name: string): boolean {
  return BUILTIN_MEASURES.some((b) => b.name === name);
}

/** A metric's value for one evaluation: an evaluator's score, or a built-in measure; NaN when absent. */
export function metricValue(e: EvaluationRecord, name: string, kind: string): number {
  if (kind === 'builtin') {
    if (name === 'cost') return e.costUsd ?? Number.NaN;
    if (name === 'latency') return e.latencyMs;
    if (name === 'tokens') return e.inputTokens + e.outputTokens;
  }
  const v = e.metrics[name];
  return v === undefined ? Number.NaN : v;
}

/** Evaluator metrics first, then the built-in measures whose names no evaluator took. */
export function withBuiltinMeasures(metrics: readonly MetricMeta[]): MetricMeta[] {
  const taken = new Set(metrics.map((m) => m.name));
  return [...metrics, ...BUILTIN_MEASURES.filter((b) => !taken.has(b.name))];
}

/** Mean per case (over repeats) of one metric, skipping failed evaluations and NaN. */
export function caseMeans(evals: readonly EvaluationRecord[], m: MetricMeta): Map<string, number> {
  const sums = new Map<string, { s: number; n: number }>();
  for (const e of evals) {
    if (e.error !== undefined) continue;
    const v = metricValue(e, m.name, m.kind);
    if (!Number.isFinite(v)) continue;
    const acc = sums.get(e.caseId) ?? { s: 0, n: 0 };
    acc.s += v;
    acc.n++;
    sums.set(e.caseId, acc);
  }
  const out = new Map<string, number>();
  for (const [k, { s, n }] of sums) out.set(k, s / n);
  return out;
}
