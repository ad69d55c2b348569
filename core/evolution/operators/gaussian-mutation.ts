/** Gaussian mutation: each gene, with probability p_m, moves by N(0, (σ·range)²) and is clipped to its bounds. */
import type { RealVector } from '../genomes/real-vector.ts';
import type { MutationOperator } from '../types.ts';
import { geneProbabilityOption, mutateEachGene } from './per-gene.ts';

export const gaussianMutation: MutationOperator<RealVector> = {
  name: 'gaussian',
  description: 'adds N(0, (sigma·range)²) noise to each gene with probability p_m, clipped to the bounds',
  genomeTypes: ['real-vector'],
  options: [
    {
      name: 'sigma',
      type: 'number',
      default: 0.1,
      min: 0,
      description: 'standard deviation as a fraction of range',
    },
    geneProbabilityOption,
  ],
  apply(genome, rng, options, genomeOptions) {
    const sigma = options.sigma as number;
    return mutateEachGene(genome, rng, options, genomeOptions, (y, lower, upper) =>
      Math.min(Math.max(y + rng.normal() * sigma * (upper - lower), lower), upper),
    );
  },
};
