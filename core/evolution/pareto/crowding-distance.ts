/**
 * NSGA-II crowding distance (Deb et al. 2002): per front and objective, sort the members, give the two extremes
 * an infinite distance and every other member the normalised gap between its neighbours, summed over objectives.
 * An objective with zero range in the front adds nothing. Ties are ordered by point index (deterministic).
 *
 * Each objective is sorted once for all fronts (a radix sort, see column-order.ts), then scattered into per-front
 * segments, so the cost stays O(M·N log N) however many fronts there are.
 */
import { identityOrder, sortByColumn } from './column-order.ts';

/** Crowding distance of every point within its own front (`fronts` partitions some or all of the points). */
export function crowdingDistances(flat: Float64Array, m: number, fronts: readonly number[][]): Float64Array {
  const n = m === 0 ? 0 : flat.length / m;
  const out = new Float64Array(n);
  const frontOf = new Int32Array(n).fill(-1);
  const start = new Uint32Array(fronts.length + 1);
  fronts.forEach((f, r) => {
    for (const i of f) frontOf[i] = r;
    start[r + 1] = start[r]! + f.length;
  });
  const total = start[fronts.length]!;
  const segment = new Uint32Array(total);
  const fill = new Uint32Array(fronts.length);
  for (let k = 0; k < m; k++) {
    const order = sortByColumn(flat, m, k, identityOrder(n));
    fill.set(start.subarray(0, fronts.length));
    for (let t = 0; t < n; t++) {
      const i = order[t]!;
      const r = frontOf[i]!;
      if (r >= 0) segment[fill[r]!++] = i;
    }
    for (let r = 0; r < fronts.length; r++) {
      const a = start[r]!;
      const b = start[r + 1]!;
      const size = b - a;
      if (size === 0) continue;
      if (size <= 2) {
        for (let t = a; t < b; t++) out[segment[t]!] = Infinity;
        continue;
      }
      const lo = flat[segment[a]! * m + k]!;
      const hi = flat[segment[b - 1]! * m + k]!;
      out[segment[a]!] = Infinity;
      out[segment[b - 1]!] = Infinity;
      const range = hi - lo;
      if (range <= 0) continue;
      for (let t = a + 1; t < b - 1; t++) {
        const i = segment[t]!;
        out[i] = out[i]! + (flat[segment[t + 1]! * m + k]! - flat[segment[t - 1]! * m + k]!) / range;
      }
    }
  }
  return out;
}
