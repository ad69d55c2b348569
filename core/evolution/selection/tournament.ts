/** Tournament selection: the best of `size` individuals drawn uniformly (with replacement). */
import type { SelectionScheme } from '../types.ts';

export const tournamentSelection: SelectionScheme = {
  name: 'tournament',
  description: 'best of k individuals drawn uniformly at random',
  options: [{ name: 'size', type: 'integer', default: 2, min: 1, description: 'tournament size k' }],
  select(pool, count, rng, options) {
    const k = options.size as number;
    const out: number[] = [];
    for (let c = 0; c < count; c++) {
      let best = rng.int(pool.size);
      for (let t = 1; t < k; t++) {
        const other = rng.int(pool.size);
        if (pool.compare(other, best) < 0) best = other;
      }
      out.push(best);
    }
    return out;
  },
};
