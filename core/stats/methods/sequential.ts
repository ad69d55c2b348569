/**
 * Sequential testing with asymptotic confidence sequences (Waudby-Smith et al. 2023), as gbstats'
 * SequentialTwoSidedTTest and SequentialOneSidedTreatment{Greater,Lesser}TTest: intervals and p-values stay
 * valid however often the data is looked at. The tuning parameter is the total sample size at which the
 * sequence is tightest.
 */
import { effectMoments } from '../effect.ts';
import { uninformativeFrequentist } from './frequentist.ts';
import type { AbMethodStrategy, Comparison } from './method.ts';

/** Mixing parameter ρ from α and the tuning parameter (one-sided sequences use 2α). */
export function sequentialRho(alpha: number, tuning: number, twoSided: boolean): number {
  const a = twoSided ? alpha : 2 * alpha;
  return Math.sqrt((-2 * Math.log(a) + Math.log(-2 * Math.log(a) + 1)) / tuning);
}

export function sequentialHalfwidth(s2: number, n: number, alpha: number, rho: number): number {
  const nr2 = n * rho ** 2;
  return Math.sqrt(s2) * Math.sqrt((2 * (nr2 + 1) * Math.log(Math.sqrt(nr2 + 1) / alpha)) / (n * rho) ** 2);
}

export function sequentialHalfwidthOneSided(s2: number, n: number, alpha: number, rho: number): number {
  const nr2 = n * rho ** 2;
  return Math.sqrt(((s2 * 2 * (nr2 + 1)) / (n * rho) ** 2) * Math.log(1 + Math.sqrt(nr2 + 1) / (2 * alpha)));
}

/** Always-valid two-sided p-value: 1 / (mixture e-value), capped at 1 (eq. 155 of arXiv:2103.06476v7). */
export function sequentialPValue(estimate: number, stdError: number, n: number, rho: number): number {
  const st2 = (estimate ** 2 * n) / stdError ** 2;
  const tr2p1 = n * rho ** 2 + 1;
  const evalue = Math.exp((rho ** 2 * st2) / (2 * tr2p1)) / Math.sqrt(tr2p1);
  return Math.min(1 / evalue, 1);
}

/**
 * One-sided p-value: gbstats has no closed form, so it bisects on α for the level at which the one-sided
 * bound touches 0, within [1e-5, 0.4999] (values at the ends are reported as the ends); null if it does not
 * converge.
 */
export function sequentialOneSidedPValue(bound: (alpha: number) => number, lesser: boolean): number | null {
  const tol = 1e-6;
  const maxIters = 100;
  let minAlpha = 1e-5;
  let maxAlpha = 0.4999;
  const excludesZero = (x: number) => (lesser ? x < 0 : x > 0);
  if (excludesZero(bound(minAlpha))) return minAlpha;
  if (!excludesZero(bound(maxAlpha))) return maxAlpha;
  let alpha = 0.5 * (minAlpha + maxAlpha);
  let diff = 0;
  let iters = 0;
  for (let i = 0; i < maxIters; i++) {
    iters = i;
    diff = bound(alpha);
    if (lesser ? diff > 0 : diff < 0) minAlpha = alpha;
    else maxAlpha = alpha;
    alpha = 0.5 * (minAlpha + maxAlpha);
    if (Math.abs(diff) < tol) break;
  }
  return Math.abs(diff) < tol && iters !== maxIters ? alpha : null;
}

export const sequentialMethod: AbMethodStrategy = {
  name: 'sequential',
  description: 'always-valid confidence sequences; safe to check again and again (canary gates)',
  producesPValues: true,
  compare(a, b, { alpha, side, relative, sequentialTuning }): Comparison {
    const m = effectMoments(a, b, relative);
    if (!m.ok) return uninformativeFrequentist(m.error);
    const { estimate, stdError } = m;
    const n = a.n + b.n;
    const s2 = stdError ** 2 * n;
    if (side === 'two-sided') {
      const rho = sequentialRho(alpha, sequentialTuning, true);
      const hw = sequentialHalfwidth(s2, n, alpha, rho);
      return {
        estimate,
        stdError,
        ci: [estimate - hw, estimate + hw],
        pValue: sequentialPValue(estimate, stdError, n, rho),
      };
    }
    const rho = sequentialRho(alpha, sequentialTuning, false);
    const lesser = side === 'lesser';
    const bound = (level: number) => {
      const hw = sequentialHalfwidthOneSided(s2, n, level, rho);
      return lesser ? estimate + hw : estimate - hw;
    };
    const ci: [number, number] = lesser
      ? [Number.NEGATIVE_INFINITY, bound(alpha)]
      : [bound(alpha), Number.POSITIVE_INFINITY];
    // null when gbstats' bisection does not converge; the interval still decides significance.
    return { estimate, stdError, ci, pValue: sequentialOneSidedPValue(bound, lesser) };
  },
};
