/**
 * Linear ranking selection (Baker 1985): sort best first; rank r (0 = best) of n gets probability
 * (1/n)·(s − (2s − 2)·r/(n − 1)), where s ∈ [1, 2] is the selection pressure (expected copies of the best).
 */
import type { SelectionScheme } from '../types.ts';

export const rankSelection: SelectionScheme = {
  name: 'rank',
  description: 'linear ranking: probability falls linearly from best to worst (pressure s in [1, 2])',
  options: [
    { name: 'pressure', type: 'number', default: 1.5, min: 1, max: 2, description: 'selection pressure s' },
  ],
  select(pool, count, rng, options) {
    const n = pool.size;
    const s = options.pressure as number;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => pool.compare(a, b) || a - b);
    const cumulative = new Float64Array(n);
    let total = 0;
    for (let r = 0; r < n; r++) {
      total += n === 1 ? 1 : (s - ((2 * s - 2) * r) / (n - 1)) / n;
      cumulative[r] = total;
    }
    const out: number[] = [];
    for (let c = 0; c < count; c++) {
      const x = rng.float() * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! > x) hi = mid;
        else lo = mid + 1;
      }
      out.push(order[lo]!);
    }
    return out;
  },
};
