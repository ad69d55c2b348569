/**
 * Fast non-dominated sorting (minimisation). Returns each point's front index (0 = non-dominated).
 *
 * Not the O(MN²) textbook loop. Points are sorted lexicographically (radix sort, see column-order.ts), exact duplicates share their first copy's
 * rank, and each point is placed by a binary search over fronts (ENS-BS, Zhang et al. 2015): a point dominated by
 * some member of front k is dominated by some member of every earlier front, so "dominated by front k" is monotone
 * in k. What differs by dimension is the test "is q dominated by front k", where every earlier point already has
 * f1 ≤ q.f1:
 * - 2 objectives: the front's last member has the smallest f2, so one comparison: O(N log N) overall.
 * - 3 objectives: each front keeps its (f2, f3) staircase sorted by f2; one binary search answers the test:
 *   O(N log N · log F) plus the staircase maintenance.
 * - 4+ objectives: a backwards scan of the front's members (ENS-BS proper).
 */

import { lexicographicOrder } from './column-order.ts';

/** Flattens points into a row-major Float64Array (n × m). */
export function flatten(points: readonly ArrayLike<number>[], m?: number): Float64Array {
  const dims = m ?? points[0]?.length ?? 0;
  const flat = new Float64Array(points.length * dims);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (p.length !== dims) throw new RangeError(`point ${i} has ${p.length} objectives, expected ${dims}`);
    for (let k = 0; k < dims; k++) flat[i * dims + k] = p[k]!;
  }
  return flat;
}

function sameRow(flat: Float64Array, m: number, a: number, b: number): boolean {
  for (let k = 0; k < m; k++) if (flat[a * m + k] !== flat[b * m + k]) return false;
  return true;
}

/** First index in [lo, hi) where pred is false, given pred is true on a prefix. */
function firstFalse(lo: number, hi: number, pred: (k: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Largest index i with arr[i] ≤ x in a sorted array, or -1. */
function lastAtMost(arr: number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Front index per point. `flat` is row-major n × m (see `flatten`); all values must be comparable numbers
 * (no NaN).
 */
export function nonDominatedRanksFlat(flat: Float64Array, m: number): Int32Array {
  const n = m === 0 ? 0 : flat.length / m;
  const rank = new Int32Array(n);
  if (n === 0) return rank;
  const order = lexicographicOrder(flat, m);
  if (m === 1) {
    let r = 0;
    for (let t = 1; t < n; t++) {
      if (flat[order[t]!] !== flat[order[t - 1]!]) r++;
      rank[order[t]!] = r;
    }
    return rank;
  }
  if (m === 2) {
    const lastF2: number[] = [];
    let prev = -1;
    for (let t = 0; t < n; t++) {
      const i = order[t]!;
      if (prev >= 0 && sameRow(flat, 2, i, prev)) {
        rank[i] = rank[prev]!;
        continue;
      }
      const y = flat[2 * i + 1]!;
      // Distinct and earlier in lexicographic order: the last member dominates q iff its f2 ≤ q.f2.
      const k = firstFalse(0, lastF2.length, (f) => lastF2[f]! <= y);
      if (k === lastF2.length) lastF2.push(y);
      else lastF2[k] = y;
      rank[i] = k;
      prev = i;
    }
    return rank;
  }
  if (m === 3) {
    const ys: number[][] = [];
    const zs: number[][] = [];
    const dominatedBy = (f: number, y: number, z: number): boolean => {
      const j = lastAtMost(ys[f]!, y);
      return j >= 0 && zs[f]![j]! <= z;
    };
    let prev = -1;
    for (let t = 0; t < n; t++) {
      const i = order[t]!;
      if (prev >= 0 && sameRow(flat, 3, i, prev)) {
        rank[i] = rank[prev]!;
        continue;
      }
      const y = flat[3 * i + 1]!;
      const z = flat[3 * i + 2]!;
      const k = firstFalse(0, ys.length, (f) => dominatedBy(f, y, z));
      if (k === ys.length) {
        ys.push([y]);
        zs.push([z]);
      } else {
        // Insert (y, z) into front k's staircase (f2 ascending, f3 strictly descending), dropping the entries
        // it covers in 2-D (f2 ≥ y and f3 ≥ z): they can no longer decide a dominance test alone.
        const fy = ys[k]!;
        const fz = zs[k]!;
        const j = lastAtMost(fy, y); // fz[j] > z, else q would be dominated
        let start = j + 1;
        if (j >= 0 && fy[j] === y) start = j; // same f2, larger f3: replaced
        let end = start;
        while (end < fy.length && fz[end]! >= z) end++;
        fy.splice(start, end - start, y);
        fz.splice(start, end - start, z);
      }
      rank[i] = k;
      prev = i;
    }
    return rank;
  }
  // 4+ objectives: ENS-BS with a backwards scan of each front.
  const fronts: number[][] = [];
  const weaklyDominates = (a: number, b: number): boolean => {
    for (let k = 0; k < m; k++) if (flat[a * m + k]! > flat[b * m + k]!) return false;
    return true;
  };
  const dominatedByFront = (f: number, q: number): boolean => {
    const members = fronts[f]!;
    for (let s = members.length - 1; s >= 0; s--) if (weaklyDominates(members[s]!, q)) return true;
    return false;
  };
  let prev = -1;
  for (let t = 0; t < n; t++) {
    const i = order[t]!;
    if (prev >= 0 && sameRow(flat, m, i, prev)) {
      rank[i] = rank[prev]!;
      continue;
    }
    const k = firstFalse(0, fronts.length, (f) => dominatedByFront(f, i));
    if (k === fronts.length) fronts.push([i]);
    else fronts[k]!.push(i);
    rank[i] = k;
    prev = i;
  }
  return rank;
}

export function nonDominatedRanks(points: readonly ArrayLike<number>[]): Int32Array {
  const m = points[0]?.length ?? 0;
  return nonDominatedRanksFlat(flatten(points, m), m);
}

/**
 * Deb's constrained non-dominated sort: feasible points (violation 0) are sorted by Pareto dominance; infeasible
 * ones follow, one front per distinct violation in increasing order.
 */
export function constrainedRanks(
  points: readonly ArrayLike<number>[],
  violation: ArrayLike<number>,
): Int32Array {
  const n = points.length;
  const m = points[0]?.length ?? 0;
  const feasible: number[] = [];
  const infeasible: number[] = [];
  for (let i = 0; i < n; i++) (violation[i]! > 0 ? infeasible : feasible).push(i);
  const rank = new Int32Array(n);
  let next = 0;
  if (feasible.length > 0) {
    const sub = nonDominatedRanksFlat(
      flatten(
        feasible.map((i) => points[i]!),
        m,
      ),
      m,
    );
    for (let t = 0; t < feasible.length; t++) {
      rank[feasible[t]!] = sub[t]!;
      if (sub[t]! + 1 > next) next = sub[t]! + 1;
    }
  }
  infeasible.sort((a, b) => violation[a]! - violation[b]!);
  for (let t = 0; t < infeasible.length; t++) {
    if (t > 0 && violation[infeasible[t]!] !== violation[infeasible[t - 1]!]) next++;
    rank[infeasible[t]!] = next;
  }
  return rank;
}

/** Groups point indexes by front: `fronts[r]` lists the points of rank r in increasing index order. */
export function frontsOf(ranks: ArrayLike<number>): number[][] {
  const fronts: number[][] = [];
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks[i]!;
    while (fronts.length <= r) fronts.push([]);
    fronts[r]!.push(i);
  }
  return fronts;
}
