/**
 * The effect of a variant versus the baseline and its standard error (gbstats' EffectMoments in
 * models/tests.py): relative lift by the delta method, or the absolute difference. Every test starts here.
 */
import {
  statMean,
  statUnadjustedMean,
  statVariance,
  type TestStatistic,
  varianceOfRatios,
  varianceRelativeCuped,
  varianceRelativeCupedRatio,
} from './statistics.ts';

export type EffectMoments = { ok: true; estimate: number; stdError: number } | { ok: false; error: string };

/** gbstats' frequentist_variance: Var(B̄/Ā) by the delta method (independent arms) or Var(B̄ − Ā). */
export function differenceVariance(a: TestStatistic, b: TestStatistic, relative: boolean): number {
  if (relative && a.kind === 'regression-adjusted' && b.kind === 'regression-adjusted') {
    return varianceRelativeCuped(a, b);
  }
  if (relative && a.kind === 'ratio-regression-adjusted' && b.kind === 'ratio-regression-adjusted') {
    return varianceRelativeCupedRatio(a, b);
  }
  const varA = statVariance(a) / a.n;
  const varB = statVariance(b) / b.n;
  if (relative) return varianceOfRatios(statUnadjustedMean(b), varB, statUnadjustedMean(a), varA, 0);
  return varB + varA;
}

/** gbstats' frequentist_diff: (B − A) / unadjusted A, or B − A. */
export function differenceEstimate(a: TestStatistic, b: TestStatistic, relative: boolean): number {
  const meanA = statMean(a);
  const diff = statMean(b) - meanA;
  if (!relative) return diff;
  const unadjusted = statUnadjustedMean(a);
  return diff / (unadjusted === 0 ? meanA : unadjusted);
}

/** Point estimate and standard error, or why none can be given (the test then reports an uninformative result). */
export function effectMoments(a: TestStatistic, b: TestStatistic, relative: boolean): EffectMoments {
  if (a.n === 0 || b.n === 0)
    return { ok: false, error: `no units in the ${a.n === 0 ? 'baseline' : 'variant'}` };
  const variance = differenceVariance(a, b, relative);
  if (statVariance(a) <= 0 || statVariance(b) <= 0 || variance <= 0) {
    return { ok: false, error: 'zero (or negative) variance: nothing to compare yet' };
  }
  if (statMean(a) === 0 || statUnadjustedMean(a) === 0) {
    return { ok: false, error: 'the baseline mean is zero' };
  }
  return { ok: true, estimate: differenceEstimate(a, b, relative), stdError: Math.sqrt(variance) };
}

/** Welch–Satterthwaite degrees of freedom (gbstats' TTest.dof). */
export function welchDof(a: TestStatistic, b: TestStatistic): number {
  const va = statVariance(a);
  const vb = statVariance(b);
  return (vb / b.n + va / a.n) ** 2 / (vb ** 2 / (b.n ** 2 * (b.n - 1)) + va ** 2 / (a.n ** 2 * (a.n - 1)));
}
