/**
 * Simulated binary crossover (Deb & Agrawal 1995), in the bounded form of Deb's reference NSGA-II code
 * (`realcross` in nsga2-v1.1): with probability `probability` the pair is crossed; each gene then crosses with
 * probability `perGene`; the spread factor β_q keeps children inside [lower, upper] by construction, and the two
 * children swap places with probability 1/2. Larger `eta` (distribution index) keeps children nearer the parents.
 */

import { type RealVector, realBounds } from '../genomes/real-vector.ts';
import type { Rng } from '../rng.ts';
import type { CrossoverOperator } from '../types.ts';

const EPS = 1e-14;

/** β_q for one side: `beta` = 1 + 2·(distance to the bound)/(y2 − y1). */
function betaQ(beta: number, u: number, eta: number): number {
  const alpha = 2 - beta ** -(eta + 1);
  return u <= 1 / alpha ? (u * alpha) ** (1 / (eta + 1)) : (1 / (2 - u * alpha)) ** (1 / (eta + 1));
}

/** One gene of bounded SBX given its uniform draw `u`; returns the (unswapped) children c1 ≤ c2. */
export function sbxGene(
  p1: number,
  p2: number,
  lower: number,
  upper: number,
  eta: number,
  u: number,
): [number, number] {
  const y1 = Math.min(p1, p2);
  const y2 = Math.max(p1, p2);
  const span = y2 - y1;
  const c1 = 0.5 * (y1 + y2 - betaQ(1 + (2 * (y1 - lower)) / span, u, eta) * span);
  const c2 = 0.5 * (y1 + y2 + betaQ(1 + (2 * (upper - y2)) / span, u, eta) * span);
  return [Math.min(Math.max(c1, lower), upper), Math.min(Math.max(c2, lower), upper)];
}

export function sbx(
  a: RealVector,
  b: RealVector,
  rng: Rng,
  lower: readonly number[],
  upper: readonly number[],
  eta: number,
  probability: number,
  perGene: number,
): [RealVector, RealVector] {
  const c1 = a.slice();
  const c2 = b.slice();
  if (rng.float() > probability) return [c1, c2];
  for (let i = 0; i < a.length; i++) {
    if (rng.float() > perGene) continue;
    if (Math.abs(a[i]! - b[i]!) <= EPS) continue;
    const [lo, hi] = sbxGene(a[i]!, b[i]!, lower[i]!, upper[i]!, eta, rng.float());
    if (rng.float() <= 0.5) {
      c1[i] = hi;
      c2[i] = lo;
    } else {
      c1[i] = lo;
      c2[i] = hi;
    }
  }
  return [c1, c2];
}

export const sbxCrossover: CrossoverOperator<RealVector> = {
  name: 'sbx',
  description: 'simulated binary crossover (Deb & Agrawal), bounded form of the NSGA-II reference code',
  genomeTypes: ['real-vector'],
  options: [
    { name: 'eta', type: 'number', default: 20, min: 0, description: 'distribution index η_c' },
    {
      name: 'probability',
      type: 'number',
      default: 0.9,
      min: 0,
      max: 1,
      description: 'crossover probability p_c',
    },
    {
      name: 'perGene',
      type: 'number',
      default: 0.5,
      min: 0,
      max: 1,
      description: 'probability each gene crosses',
    },
  ],
  apply(a, b, rng: Rng, options, genomeOptions) {
    const { lower, upper } = realBounds(genomeOptions);
    return sbx(
      a,
      b,
      rng,
      lower,
      upper,
      options.eta as number,
      options.probability as number,
      options.perGene as number,
    );
  },
};
