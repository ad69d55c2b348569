/** A fixed-length vector of real genes, each within [lower, upper]: numeric test problems, model parameters. */
import type { Options } from '../registry.ts';
import type { GenomeType } from '../types.ts';

export type RealVector = number[];

export type RealBounds = { lower: number[]; upper: number[] };

export function realBounds(options: Options): RealBounds {
  return { lower: options.lower as number[], upper: options.upper as number[] };
}

export const realVector: GenomeType<RealVector> = {
  name: 'real-vector',
  description: 'fixed-length vector of real genes, each bounded by [lower[i], upper[i]]',
  options: [
    { name: 'lower', type: 'number[]', required: true, description: 'lower bound of each gene' },
    { name: 'upper', type: 'number[]', required: true, description: 'upper bound of each gene' },
    { name: 'names', type: 'object', description: 'optional gene names (e.g. ["temperature", "topP"])' },
  ],
  random(rng, options) {
    const { lower, upper } = realBounds(options);
    return lower.map((lo, i) => lo + rng.float() * (upper[i]! - lo));
  },
  key: (g) => JSON.stringify(g),
  distance(a, b, options) {
    const { lower, upper } = realBounds(options);
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      const range = upper[i]! - lower[i]! || 1;
      const d = (a[i]! - b[i]!) / range;
      s += d * d;
    }
    return Math.sqrt(s);
  },
  check(genome, options) {
    const { lower, upper } = realBounds(options);
    if (!Array.isArray(genome) || genome.length !== lower.length) return `expected ${lower.length} numbers`;
    for (let i = 0; i < genome.length; i++) {
      const v = genome[i];
      if (typeof v !== 'number' || !(v >= lower[i]! && v <= upper[i]!)) {
        return `gene ${i} must be a number in [${lower[i]}, ${upper[i]}], got ${JSON.stringify(v)}`;
      }
    }
    return undefined;
  },
};

/** Validates the bounds themselves (called once when an engine is built). */
export function checkRealBounds(options: Options): string | undefined {
  const { lower, upper } = realBounds(options);
  if (lower.length === 0) return 'lower/upper must have at least one gene';
  if (lower.length !== upper.length) return `lower has ${lower.length} genes, upper ${upper.length}`;
  for (let i = 0; i < lower.length; i++) {
    if (!(lower[i]! < upper[i]!)) return `gene ${i}: lower (${lower[i]}) must be below upper (${upper[i]})`;
  }
  return undefined;
}
