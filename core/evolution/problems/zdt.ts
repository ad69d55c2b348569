/**
 * ZDT test problems (Zitzler, Deb & Thiele 2000), two objectives, n genes in [0, 1], minimised. Their Pareto
 * fronts are known in closed form, so a front's hypervolume can be compared with the true one.
 */

/** ZDT1: convex front f2 = 1 − √f1 (g = 1). */
export function zdt1(x: readonly number[]): [number, number] {
  const n = x.length;
  let sum = 0;
  for (let i = 1; i < n; i++) sum += x[i]!;
  const g = 1 + (9 * sum) / (n - 1);
  const f1 = x[0]!;
  return [f1, g * (1 - Math.sqrt(f1 / g))];
}

/** ZDT2: non-convex front f2 = 1 − f1². */
export function zdt2(x: readonly number[]): [number, number] {
  const n = x.length;
  let sum = 0;
  for (let i = 1; i < n; i++) sum += x[i]!;
  const g = 1 + (9 * sum) / (n - 1);
  const f1 = x[0]!;
  return [f1, g * (1 - (f1 / g) ** 2)];
}

/**
 * Exact hypervolume of ZDT1's continuous true front (f2 = 1 − √f1, f1 ∈ [0, 1]) for reference point (r, r), r ≥ 1:
 * over f1 ∈ [0, 1] the dominated height is r − 1 + √f1, integrating to r − 1 + 2/3; over f1 ∈ [1, r] the point
 * (1, 0) dominates the full height r. For r = 1.1: 1.21 − 1/3 = 0.876666…
 */
export function zdt1TrueHypervolume(r: number): number {
  return r - 1 + 2 / 3 + (r - 1) * r;
}

/** Sphere f(x) = Σ xᵢ², minimum 0 at the origin. */
export function sphere(x: readonly number[]): number {
  let s = 0;
  for (const v of x) s += v * v;
  return s;
}

/** DTLZ2 (Deb et al. 2002) with m objectives: front is the unit sphere octant. */
export function dtlz2(x: readonly number[], m: number): number[] {
  const k = x.length - m + 1;
  let g = 0;
  for (let i = x.length - k; i < x.length; i++) g += (x[i]! - 0.5) ** 2;
  const f: number[] = [];
  for (let i = 0; i < m; i++) {
    let v = 1 + g;
    for (let j = 0; j < m - 1 - i; j++) v *= Math.cos((x[j]! * Math.PI) / 2);
    if (i > 0) v *= Math.sin((x[m - 1 - i]! * Math.PI) / 2);
    f.push(v);
  }
  return f;
}
