/**
 * Exact hypervolume, the engine's progress measure. Convention: every objective is minimised and the reference
 * point `ref` is a point worse than anything of interest; the hypervolume is the measure of the region dominated
 * by the set and bounded by `ref`. Points not strictly better than `ref` in every objective contribute nothing.
 *
 * - 1 objective: ref − min.
 * - 2 objectives: sort by f1, sweep keeping the lowest f2 so far: O(n log n).
 * - 3 objectives: sweep along f3 (ascending), maintaining the 2-D staircase of the (f1, f2) projections and its
 *   area incrementally (HV3D-style sweep; the staircase is a sorted array, whose splices are memmoves).
 */
import { ConfigError } from '../../errors.ts';

function hv2(points: number[][], r0: number, r1: number): number {
  const pts = points.filter((p) => p[0]! < r0 && p[1]! < r1).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let volume = 0;
  let bestY = r1;
  for (const p of pts) {
    if (p[1]! < bestY) {
      volume += (r0 - p[0]!) * (bestY - p[1]!);
      bestY = p[1]!;
    }
  }
  return volume;
}

function lowerBound(arr: number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function hv3(points: number[][], ref: readonly number[]): number {
  const [r0, r1, r2] = ref as [number, number, number];
  const pts = points.filter((p) => p[0]! < r0 && p[1]! < r1 && p[2]! < r2).sort((a, b) => a[2]! - b[2]!);
  // Staircase of non-dominated (x, y): x ascending, y strictly descending.
  const xs: number[] = [];
  const ys: number[] = [];
  let area = 0;
  let volume = 0;
  for (let t = 0; t < pts.length; t++) {
    const [x, y, z] = pts[t] as [number, number, number];
    const pos = lowerBound(xs, x); // first x' ≥ x
    const dominated = (pos > 0 && ys[pos - 1]! <= y) || (pos < xs.length && xs[pos] === x && ys[pos]! <= y);
    if (!dominated) {
      // Area newly covered: ∫ from x to r0 of max(0, h(a) − y), h being the staircase height before insertion.
      let h = pos > 0 ? ys[pos - 1]! : r1;
      let x0 = x;
      let end = pos;
      while (end < xs.length && ys[end]! >= y) {
        area += (xs[end]! - x0) * (h - y);
        h = ys[end]!;
        x0 = xs[end]!;
        end++;
      }
      area += ((end < xs.length ? xs[end]! : r0) - x0) * (h - y);
      xs.splice(pos, end - pos, x);
      ys.splice(pos, end - pos, y);
    }
    const nextZ = t + 1 < pts.length ? pts[t + 1]![2]! : r2;
    volume += area * (nextZ - z);
  }
  return volume;
}

export function hypervolume(points: readonly ArrayLike<number>[], ref: readonly number[]): number {
  const m = ref.length;
  const pts = points.map((p) => {
    if (p.length !== m)
      throw new ConfigError(`hypervolume: a point has ${p.length} objectives, the reference ${m}`);
    return Array.from(p);
  });
  if (m === 1) {
    let best = ref[0]!;
    for (const p of pts) if (p[0]! < best) best = p[0]!;
    return ref[0]! - best;
  }
  if (m === 2) return hv2(pts, ref[0]!, ref[1]!);
  if (m === 3) return hv3(pts, ref);
  throw new ConfigError(`exact hypervolume is implemented for 1 to 3 objectives, got ${m}`);
}
