/**
 * Polynomial mutation (Deb & Agrawal 1995; Deb & Goyal 1996) in the bounded form of Deb's reference NSGA-II code
 * (`real_mutate_ind`): each gene mutates with probability p_m (default 1/n); the perturbation δ_q follows a
 * polynomial distribution of index η_m that shrinks towards the nearer bound, so children stay in [lower, upper].
 */
import type { RealVector } from '../genomes/real-vector.ts';
import type { MutationOperator } from '../types.ts';
import { geneProbabilityOption, mutateEachGene } from './per-gene.ts';

/** One gene given its uniform draw `u`. */
export function polynomialGene(y: number, lower: number, upper: number, eta: number, u: number): number {
  const range = upper - lower;
  const delta1 = (y - lower) / range;
  const delta2 = (upper - y) / range;
  const pow = 1 / (eta + 1);
  let deltaq: number;
  if (u <= 0.5) {
    const val = 2 * u + (1 - 2 * u) * (1 - delta1) ** (eta + 1);
    deltaq = val ** pow - 1;
  } else {
    const val = 2 * (1 - u) + 2 * (u - 0.5) * (1 - delta2) ** (eta + 1);
    deltaq = 1 - val ** pow;
  }
  return Math.min(Math.max(y + deltaq * range, lower), upper);
}

export const polynomialMutation: MutationOperator<RealVector> = {
  name: 'polynomial',
  description: 'polynomial mutation (Deb & Agrawal), bounded form of the NSGA-II reference code',
  genomeTypes: ['real-vector'],
  options: [
    { name: 'eta', type: 'number', default: 20, min: 0, description: 'distribution index η_m' },
    geneProbabilityOption,
  ],
  apply(genome, rng, options, genomeOptions) {
    const eta = options.eta as number;
    return mutateEachGene(genome, rng, options, genomeOptions, (y, lower, upper) =>
      polynomialGene(y, lower, upper, eta, rng.float()),
    );
  },
};
