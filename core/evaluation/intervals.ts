/**
 * Confidence intervals that stay honest on the small samples prompt evaluations have (8 to a few hundred cases):
 * - a score in [0, 1] (pass/fail, an accuracy, a judge's 0–1 score, averaged over repeats) gets the Wilson score
 *   interval: never outside [0, 1], and never zero-width at 0 or 1 (8 passes out of 8 is [0.676, 1], not
 *   [1, 1]). For fractional scores it uses the mean as p̂, which is conservative: a variable in [0, 1] with mean
 *   p has variance at most p(1 − p);
 * - a paired difference of such scores gets Newcombe's hybrid score interval for paired proportions (Newcombe
 *   1998, method 10), built from the two Wilson intervals and the correlation of the pairs; fractional scores
 *   count as fractional agreement cells (a case scoring x and y adds x·y to "both", x·(1 − y) to "first only", …),
 *   which is exactly the 2×2 table when the scores are 0/1;
 * - anything else (latency, cost, tokens, unbounded scores) keeps the Student t-interval with n − 1 df.
 */
import { normalQuantile, studentTQuantile } from '../stats/distributions.ts';

export type Interval = { low: number; high: number };

const NO_INTERVAL: Interval = { low: Number.NaN, high: Number.NaN };

function zOf(level: number): number {
  return normalQuantile(1 - (1 - level) / 2);
}

/** Wilson score interval of a proportion p̂ over n trials (n ≥ 1). */
export function wilsonInterval(p: number, n: number, level = 0.95): Interval {
  if (!(n >= 1) || !Number.isFinite(p)) return NO_INTERVAL;
  const z = zOf(level);
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Two-sided t-interval of a mean from its summary statistics; no interval below two values. */
export function tInterval(mean: number, sd: number, n: number, level = 0.95): Interval {
  if (n < 2 || !Number.isFinite(mean)) return NO_INTERVAL;
  const half = studentTQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { low: mean - half, high: mean + half };
}

/**
 * Newcombe's interval (method 10) for the difference x − y of paired scores in [0, 1], one pair per case.
 * Always inside [−1, 1]; an all-equal set of small samples is not "significant" just because its variance is 0.
 */
export function newcombePairedInterval(
  pairs: readonly (readonly [number, number])[],
  level = 0.95,
): Interval {
  const n = pairs.length;
  if (n < 1) return NO_INTERVAL;
  let a = 0; // both
  let b = 0; // x only
  let c = 0; // y only
  let d = 0; // neither
  for (const [x, y] of pairs) {
    a += x * y;
    b += x * (1 - y);
    c += (1 - x) * y;
    d += (1 - x) * (1 - y);
  }
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const theta = p1 - p2;
  const w1 = wilsonInterval(p1, n, level);
  const w2 = wilsonInterval(p2, n, level);
  const denominator = (a + b) * (c + d) * (a + c) * (b + d);
  const phi = denominator > 0 ? (a * d - b * c) / Math.sqrt(denominator) : 0;
  const dl1 = p1 - w1.low;
  const du1 = w1.high - p1;
  const dl2 = p2 - w2.low;
  const du2 = w2.high - p2;
  const delta = Math.sqrt(Math.max(0, dl1 * dl1 - 2 * phi * dl1 * du2 + du2 * du2));
  const epsilon = Math.sqrt(Math.max(0, du1 * du1 - 2 * phi * du1 * dl2 + dl2 * dl2));
  return { low: Math.max(-1, theta - delta), high: Math.min(1, theta + epsilon) };
}
