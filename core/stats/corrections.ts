/**
 * Multiple-comparison corrections, as GrowthBook applies them to gbstats' p-values (adjustPValuesHolmBonferroni,
 * adjustPValuesBenjaminiHochberg, getAdjustedCI): over every (variant, non-guardrail metric) p-value.
 */
import type { CorrectionMethod, Interval } from './ab-types.ts';
import { normalQuantile } from './distributions.ts';

type Adjust = (pValues: readonly number[]) => number[];

/** Holm's step-down adjusted p-values (family-wise error rate). */
export const holmBonferroni: Adjust = (pValues) => {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(p * (m - rank), 1));
    out[i] = running;
  });
  return out;
};

/** Benjamini–Hochberg step-up adjusted p-values (false discovery rate). */
export const benjaminiHochberg: Adjust = (pValues) => {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => y.p - x.p);
  const out = new Array<number>(m);
  let running = 1;
  order.forEach(({ p, i }, rank) => {
    running = Math.min(running, Math.min((p * m) / (m - rank), 1));
    out[i] = running;
  });
  return out;
};

export const corrections: Readonly<Record<CorrectionMethod, { description: string; adjust: Adjust }>> = {
  none: { description: 'no correction', adjust: (p) => [...p] },
  'holm-bonferroni': {
    description: 'Holm step-down; controls the family-wise error rate',
    adjust: holmBonferroni,
  },
  'benjamini-hochberg': {
    description: 'Benjamini–Hochberg; controls the false discovery rate',
    adjust: benjaminiHochberg,
  },
};

/**
 * Widens a two-sided interval to match an adjusted p-value (GrowthBook's getAdjustedCI): the implied standard
 * error |lift| / z(1 − p_adj/2) times z(1 − α/2); never narrower than the original; infinite when p_adj ≈ 1.
 */
export function adjustedInterval(adjustedP: number, estimate: number, alpha: number, ci: Interval): Interval {
  if (adjustedP > 0.999999) return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  if (!estimate) return ci;
  const width = normalQuantile(1 - alpha / 2) * Math.abs(estimate / normalQuantile(1 - adjustedP / 2));
  const adj: Interval = [estimate - width, estimate + width];
  return adj[0] < ci[0] && adj[1] > ci[1] ? adj : ci;
}
