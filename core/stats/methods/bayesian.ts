/**
 * Bayesian effect test with a Gaussian prior on the effect (gbstats' EffectBayesianABTest): the data give a
 * normal likelihood for the lift (same moments as the t-test); a proper prior shrinks it, a flat (improper)
 * prior leaves it. Reports the posterior mean, the credible interval, the chance to win and the risk.
 */
import type { GaussianPrior } from '../ab-types.ts';
import { normalCdf, normalPdf, normalQuantile, normalSf } from '../distributions.ts';
import { differenceEstimate, differenceVariance } from '../effect.ts';
import { statMean, statUnadjustedMean, statVariance } from '../statistics.ts';
import type { AbMethodStrategy, Comparison } from './method.ts';

function uninformative(error: string): Comparison {
  return { estimate: 0, stdError: 0, ci: [0, 0], chanceToWin: 0.5, risk: [0, 0], error };
}

/** E[X | a < X < b] for X ~ N(mu, sigma²) (scipy's truncnorm mean), stable in the tails. */
export function truncatedNormalMean(mu: number, sigma: number, a: number, b: number): number {
  const alpha = (a - mu) / sigma;
  const beta = (b - mu) / sigma;
  const pdfA = Number.isFinite(alpha) ? normalPdf(alpha) : 0;
  const pdfB = Number.isFinite(beta) ? normalPdf(beta) : 0;
  // Mass between the bounds from the side that does not cancel.
  const mass = alpha > 0 ? normalSf(alpha) - normalSf(beta) : normalCdf(beta) - normalCdf(alpha);
  if (mass === 0) return mu;
  return mu + (sigma * (pdfA - pdfB)) / mass;
}

/** Expected loss [of keeping the baseline, of shipping the variant] for an effect ~ N(mu, sigma²). */
export function bayesianRisk(mu: number, sigma: number): [number, number] {
  const pCtrlBetter = normalCdf(0, mu, sigma);
  const meanNeg = truncatedNormalMean(mu, sigma, Number.NEGATIVE_INFINITY, 0);
  const meanPos = truncatedNormalMean(mu, sigma, 0, Number.POSITIVE_INFINITY);
  return [(1 - pCtrlBetter) * meanPos, -pCtrlBetter * meanNeg];
}

/** The prior is stated on the relative scale (gbstats' default prior_type); rescale it for absolute differences. */
function scalePrior(prior: GaussianPrior, relative: boolean, baselineMean: number): GaussianPrior {
  if (relative) return prior;
  return {
    proper: prior.proper,
    mean: prior.mean * Math.abs(baselineMean),
    variance: prior.variance * baselineMean ** 2,
  };
}

export const bayesianMethod: AbMethodStrategy = {
  name: 'bayesian',
  description: 'Gaussian prior on the effect: posterior, chance to win and risk (expected loss)',
  producesPValues: false,
  compare(a, b, { alpha, relative, prior, inverse }) {
    const baselineMean = statUnadjustedMean(a);
    if (relative && (statMean(a) === 0 || baselineMean === 0))
      return uninformative('the baseline mean is zero');
    if (a.n === 0 || b.n === 0) return uninformative(`no units in the ${a.n === 0 ? 'baseline' : 'variant'}`);
    if (statVariance(a) <= 0 || statVariance(b) <= 0) {
      return uninformative('zero (or negative) variance: nothing to compare yet');
    }
    if (!relative && prior.proper && baselineMean === 0) return uninformative('the baseline mean is zero');
    const p = scalePrior(prior, relative, baselineMean);
    const dataVariance = differenceVariance(a, b, relative);
    const dataMean = differenceEstimate(a, b, relative);
    const priorPrecision = p.proper ? 1 / p.variance : 0;
    let precision: number;
    let mean: number;
    if (dataVariance) {
      precision = 1 / dataVariance + priorPrecision;
      mean = p.proper ? (dataMean / dataVariance + p.mean / p.variance) / precision : dataMean;
    } else {
      precision = priorPrecision;
      mean = p.proper ? p.mean : 0;
    }
    if (precision === 0) return uninformative('no information: zero variance and a flat prior');
    const sd = Math.sqrt(1 / precision);
    const sf = normalSf(0, mean, sd);
    const risk = bayesianRisk(mean, sd);
    return {
      estimate: mean,
      stdError: sd,
      ci: [normalQuantile(alpha / 2, mean, sd), normalQuantile(1 - alpha / 2, mean, sd)],
      chanceToWin: inverse ? 1 - sf : sf,
      risk: inverse ? [risk[1], risk[0]] : risk,
    };
  },
};
