/** Sample-ratio mismatch: Pearson χ² of observed users against the configured split (gbstats' check_srm). */
import { chiSquareSf } from './distributions.ts';

/** p-value of the χ² goodness-of-fit test; 1 when nobody has been observed. Zero-weight variants are skipped. */
export function checkSrm(users: readonly number[], weights: readonly number[]): number {
  const total = users.reduce((s, u) => s + u, 0);
  if (!total) return 1;
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  let x = 0;
  users.forEach((observed, i) => {
    const w = weights[i] ?? 0;
    if (w <= 0) return;
    const expected = (w / totalWeight) * total;
    x += (observed - expected) ** 2 / expected;
  });
  return chiSquareSf(x, users.length - 1);
}
