/** Uniform crossover: each gene of the two children comes from either parent with probability 1/2. Any array genome. */
import type { CrossoverOperator } from '../types.ts';

export const uniformCrossover: CrossoverOperator<unknown[]> = {
  name: 'uniform',
  description: 'swaps each gene between the two parents with probability 1/2',
  genomeTypes: ['real-vector'],
  options: [
    {
      name: 'probability',
      type: 'number',
      default: 0.9,
      min: 0,
      max: 1,
      description: 'crossover probability',
    },
  ],
  apply(a, b, rng, options) {
    const c1 = a.slice();
    const c2 = b.slice();
    if (rng.float() > (options.probability as number)) return [c1, c2];
    for (let i = 0; i < c1.length; i++) {
      if (rng.float() < 0.5) {
        c1[i] = b[i];
        c2[i] = a[i];
      }
    }
    return [c1, c2];
  },
};
