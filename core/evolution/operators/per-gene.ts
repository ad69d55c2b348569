/** What the real-vector mutations share: each gene mutates independently with probability p_m (default 1/n). */
import { type RealVector, realBounds } from '../genomes/real-vector.ts';
import type { OptionSpec, Options } from '../registry.ts';
import type { Rng } from '../rng.ts';

export const geneProbabilityOption: OptionSpec = {
  name: 'probability',
  type: 'number',
  min: 0,
  max: 1,
  description: 'per-gene probability p_m (default 1/n)',
};

/**
 * A copy of `genome` where each gene, when its uniform draw is at most p_m, is replaced by `mutate(gene, lower,
 * upper)`. The draws come in gene order (the test, then whatever `mutate` draws), so a seed fixes the child.
 */
export function mutateEachGene(
  genome: RealVector,
  rng: Rng,
  options: Options,
  genomeOptions: Options,
  mutate: (y: number, lower: number, upper: number) => number,
): RealVector {
  const { lower, upper } = realBounds(genomeOptions);
  const pm = (options.probability as number | undefined) ?? 1 / genome.length;
  const out = genome.slice();
  for (let i = 0; i < out.length; i++) {
    if (rng.float() <= pm) out[i] = mutate(out[i]!, lower[i]!, upper[i]!);
  }
  return out;
}
