/**
 * The held-out report: baseline and winner on cases never used for selection, per objective the mean over cases
 * with a 95% interval (Wilson for scores in [0, 1], else t), and the paired per-case difference of the first
 * objective (winner − baseline; Newcombe's paired interval for scores in [0, 1]).
 */
import { metricValue } from '../evaluation/metrics.ts';
import { estimateWithCi, pairedDifferenceWithCi, type Scale, scaleOf } from '../evaluation/stats.ts';
import type { EvaluationRecord } from '../ports/results-store.ts';
import type { EvolveObjective } from './settings.ts';

export type HeldOutMetric = { mean: number; n: number; ci: { low: number; high: number } };

export type HeldOutReport = {
  cases: number;
  /** True when there is no held-out split and the figures come from the selection cases. */
  onSelection: boolean;
  baseline: Record<string, HeldOutMetric>;
  winner: Record<string, HeldOutMetric>;
  /** Winner − baseline per case, for the first objective. */
  difference: { metric: string } & HeldOutMetric;
};

export function meanCi(xs: readonly number[], scale: Scale): HeldOutMetric {
  const r = estimateWithCi(xs, scale);
  return { mean: xs.length === 0 ? Number.NaN : r.mean, n: r.n, ci: r.ci };
}

/** Value per case (a failed evaluation counts 0), in case order so that sums never depend on timing. */
function perCase(recs: readonly EvaluationRecord[], metric: string, kind: string): [number, number][] {
  const m = new Map<number, number>();
  for (const r of recs) {
    const x = r.error === undefined ? metricValue(r, metric, kind) : 0;
    m.set(r.caseIndex, Number.isFinite(x) ? x : 0);
  }
  return [...m.entries()].sort((a, b) => a[0] - b[0]);
}

export function summarizeHeldOut(
  baseline: readonly EvaluationRecord[],
  winner: readonly EvaluationRecord[],
  objectives: readonly EvolveObjective[],
  kindOf: (metric: string) => string,
  info: { cases: number; onSelection: boolean },
): HeldOutReport {
  const summary = (recs: readonly EvaluationRecord[]) => {
    const out: Record<string, HeldOutMetric> = {};
    for (const o of objectives) {
      const xs = perCase(recs, o.metric, kindOf(o.metric)).map(([, v]) => v);
      out[o.metric] = meanCi(xs, scaleOf(kindOf(o.metric), xs));
    }
    return out;
  };
  const first = objectives[0]?.metric ?? '';
  const b = new Map(perCase(baseline, first, kindOf(first)));
  const pairs = perCase(winner, first, kindOf(first))
    .filter(([k]) => b.has(k))
    .map(([k, v]): [number, number] => [v, b.get(k) as number]);
  const d = pairedDifferenceWithCi(pairs, scaleOf(kindOf(first), pairs.flat()));
  return {
    ...info,
    baseline: summary(baseline),
    winner: summary(winner),
    difference: { metric: first, mean: pairs.length ? d.mean : Number.NaN, n: d.n, ci: d.ci },
  };
}
