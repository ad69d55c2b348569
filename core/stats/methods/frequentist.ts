/** Fixed-horizon Welch t-test (gbstats' TwoSidedTTest, OneSidedTreatmentGreaterTTest, OneSidedTreatmentLesserTTest). */
import { studentTCdf, studentTQuantile, studentTSf } from '../distributions.ts';
import { effectMoments, welchDof } from '../effect.ts';
import type { AbMethodStrategy, Comparison } from './method.ts';

export function uninformativeFrequentist(error: string): Comparison {
  return { estimate: 0, stdError: 0, ci: [0, 0], pValue: 1, error };
}

export const frequentistMethod: AbMethodStrategy = {
  name: 'frequentist',
  description: 'fixed-horizon Welch t-test; look once, at the planned sample size',
  producesPValues: true,
  compare(a, b, { alpha, side, relative }) {
    const m = effectMoments(a, b, relative);
    if (!m.ok) return uninformativeFrequentist(m.error);
    const { estimate, stdError } = m;
    const dof = welchDof(a, b);
    const t = estimate / stdError;
    if (side === 'two-sided') {
      const width = studentTQuantile(1 - alpha / 2, dof) * stdError;
      return {
        estimate,
        stdError,
        ci: [estimate - width, estimate + width],
        pValue: 2 * studentTSf(Math.abs(t), dof),
      };
    }
    const width = studentTQuantile(1 - alpha, dof) * stdError;
    if (side === 'greater') {
      return {
        estimate,
        stdError,
        ci: [estimate - width, Number.POSITIVE_INFINITY],
        pValue: studentTSf(t, dof),
      };
    }
    return {
      estimate,
      stdError,
      ci: [Number.NEGATIVE_INFINITY, estimate + width],
      pValue: studentTCdf(t, dof),
    };
  },
};
