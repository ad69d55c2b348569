/** Gaussian mutation: each gene, with probability p_m, moves by N(0, (σ·range)²) and is clipped to its bounds. */
import { type RealVector, realBounds } from '../genomes/real-vector.ts';
import type { MutationOperator } from '../types.ts';

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
    {
      name: 'probability',
      type: 'number',
      min: 0,
      max: 1,
      description: 'per-gene probability p_m (default 1/n)',
    },
  ],
  apply(genome, rng, options, genomeOptions) {
    const { lower, upper } = realBounds(genomeOptions);
    const pm = (options.probability as number | undefined) ?? 1 / genome.length;
    const sigma = options.sigma as number;
    const out = genome.slice();
    for (let i = 0; i < out.length; i++) {
      if (rng.float() > pm) continue;
      const v = out[i]! + rng.normal() * sigma * (upper[i]! - lower[i]!);
      out[i] = Math.min(Math.max(v, lower[i]!), upper[i]!);
    }
    return out;
  },
};
