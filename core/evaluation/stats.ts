/** Small descriptive statistics for evaluation reports (pure). Distributions come from core/stats. */
import { studentTQuantile } from '../stats/distributions.ts';

export { normalQuantile, studentTQuantile as tQuantile } from '../stats/distributions.ts';

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** Linear-interpolated percentile (p in [0, 100]), as numpy's default. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const pos = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export type Interval = { low: number; high: number };

/** Mean with a two-sided t confidence interval (default 95%); a single value has an unbounded interval. */
export function meanWithCi(xs: readonly number[], level = 0.95): { mean: number; n: number; ci: Interval } {
  const n = xs.length;
  const m = mean(xs);
  if (n < 2) return { mean: m, n, ci: { low: Number.NaN, high: Number.NaN } };
  const half = studentTQuantile(1 - (1 - level) / 2, n - 1) * (sampleSd(xs) / Math.sqrt(n));
  return { mean: m, n, ci: { low: m - half, high: m + half } };
}
