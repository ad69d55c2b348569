/**
 * Roulette-wheel (fitness-proportional) selection adapted to minimisation: the weight of individual i is
 * (worst − score_i) + ε·(worst − best), so the worst keeps a small chance and equal scores give a uniform draw.
 */
import type { SelectionScheme } from '../types.ts';

export const rouletteSelection: SelectionScheme = {
  name: 'roulette',
  description: 'fitness-proportional draw, weights (worst − score) for minimised scores',
  options: [
    {
      name: 'epsilon',
      type: 'number',
      default: 0.01,
      min: 0,
      description: 'share of the score range given to the worst',
    },
  ],
  select(pool, count, rng, options) {
    const n = pool.size;
    let best = Infinity;
    let worst = -Infinity;
    for (let i = 0; i < n; i++) {
      const s = pool.score(i);
      if (s < best) best = s;
      if (s > worst) worst = s;
    }
    const range = worst - best;
    const eps = (options.epsilon as number) * range;
    const cumulative = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      total += range > 0 ? worst - pool.score(i) + eps : 1;
      cumulative[i] = total;
    }
    const out: number[] = [];
    for (let c = 0; c < count; c++) {
      const r = rng.float() * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! > r) hi = mid;
        else lo = mid + 1;
      }
      out.push(lo);
    }
    return out;
  },
};
