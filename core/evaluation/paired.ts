import type { EvaluationRecord } from '../ports/results-store.ts';
import { caseMeans, type MetricMeta } from './metrics.ts';
import { type Interval, pairedDifferenceWithCi, scaleOf } from './stats.ts';

export type Verdict = 'better' | 'worse' | 'no significant difference';

export type PairedMetricComparison = MetricMeta & {
  /** Cases evaluated on both sides (the pairs). */
  pairs: number;
  baseMean: number;
  candidateMean: number;
  /** Mean of candidate − base over the pairs. */
  difference: number;
  /** 95% interval of the paired difference: Newcombe's for scores in [0, 1], else a t-interval (n − 1 df). */
  ci: Interval;
  verdict: Verdict;
};

/**
 * The verdict for a paired difference: significant when the interval excludes zero; "better" follows the
 * metric's direction (a lower latency is better). Fewer than two pairs is never significant.
 */
export function verdictOf(ci: Interval, pairs: number, direction: MetricMeta['direction']): Verdict {
  if (pairs < 2 || !Number.isFinite(ci.low) || !Number.isFinite(ci.high)) return 'no significant difference';
  if (ci.low > 0) return direction === 'maximize' ? 'better' : 'worse';
  if (ci.high < 0) return direction === 'maximize' ? 'worse' : 'better';
  return 'no significant difference';
}

/**
 * Per metric, the paired difference candidate − base over the cases both evaluated (repeats averaged per
 * case first), its 95% interval and the verdict (pure).
 */
export function pairedComparison(
  base: readonly EvaluationRecord[],
  candidate: readonly EvaluationRecord[],
  metrics: readonly MetricMeta[],
  level = 0.95,
): PairedMetricComparison[] {
  return metrics.map((m) => {
    const b = caseMeans(base, m);
    const c = caseMeans(candidate, m);
    const matched: [number, number][] = [];
    let sb = 0;
    let sc = 0;
    for (const [caseId, cv] of c) {
      const bv = b.get(caseId);
      if (bv === undefined) continue;
      matched.push([cv, bv]);
      sb += bv;
      sc += cv;
    }
    const pairs = matched.length;
    const scale = scaleOf(m.kind, matched.flat());
    // With a t-interval, all pairs equal gives a zero-width interval: significant unless it is zero.
    const { mean: difference, ci: interval } = pairedDifferenceWithCi(matched, scale, level);
    return {
      ...m,
      pairs,
      baseMean: pairs ? sb / pairs : Number.NaN,
      candidateMean: pairs ? sc / pairs : Number.NaN,
      difference,
      ci: interval,
      verdict: verdictOf(interval, pairs, m.direction),
    };
  });
}
