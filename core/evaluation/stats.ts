/** Small descriptive statistics for evaluation reports (pure). Distributions come from core/stats. */
import { type Interval, newcombePairedInterval, tInterval, wilsonInterval } from './intervals.ts';

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

export {
  type Interval,
  newcombePairedInterval,
  tInterval,
  wilsonInterval,
} from './intervals.ts';

export type Estimate = { mean: number; n: number; ci: Interval };

/** Mean with a two-sided t confidence interval (default 95%); a single value has an unbounded interval. */
export function meanWithCi(xs: readonly number[], level = 0.95): Estimate {
  const m = mean(xs);
  return { mean: m, n: xs.length, ci: tInterval(m, sampleSd(xs), xs.length, level) };
}

/**
 * How a metric's per-case values are summarised: `unit` for an evaluator's scores that all lie in [0, 1]
 * (proportions, pass rates, 0–1 judge scores: Wilson and Newcombe intervals), `unbounded` for everything else
 * (the built-in cost, latency and tokens, or scores on another scale: t-intervals). See intervals.ts.
 */
export type Scale = 'unit' | 'unbounded';

export function scaleOf(kind: string, values: readonly number[]): Scale {
  return kind !== 'builtin' && values.length > 0 && values.every((v) => v >= 0 && v <= 1)
    ? 'unit'
    : 'unbounded';
}

/** The mean of per-case values with its 95% interval on the metric's scale (Wilson for `unit`). */
export function estimateWithCi(xs: readonly number[], scale: Scale, level = 0.95): Estimate {
  if (scale === 'unbounded') return meanWithCi(xs, level);
  const m = mean(xs);
  return { mean: m, n: xs.length, ci: wilsonInterval(m, xs.length, level) };
}

/**
 * The mean paired difference x − y over cases, `[x, y]` per case, with its 95% interval: Newcombe's paired
 * interval for `unit` scores, the t-interval of the differences (n − 1 df) otherwise.
 */
export function pairedDifferenceWithCi(
  pairs: readonly (readonly [number, number])[],
  scale: Scale,
  level = 0.95,
): Estimate {
  const diffs = pairs.map(([x, y]) => x - y);
  if (scale === 'unbounded') return meanWithCi(diffs, level);
  return { mean: mean(diffs), n: pairs.length, ci: newcombePairedInterval(pairs, level) };
}
