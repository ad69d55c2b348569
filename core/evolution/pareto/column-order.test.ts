import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../rng.ts';
import { identityOrder, lexicographicOrder, sortByColumn } from './column-order.ts';

describe('radix column order', () => {
  it('sorts negative, positive, tiny, huge and infinite values; −0 equals +0; ties keep index order', () => {
    const base = [3, -0, -1e300, 0, Infinity, -Infinity, 5e-324, -5e-324, 0, -2.5, 1e300, 3, -0];
    for (const repeat of [1, 400]) {
      const values = Array.from({ length: repeat }, () => base).flat();
      const flat = Float64Array.from(values);
      const got = Array.from(sortByColumn(flat, 1, 0, identityOrder(values.length)));
      const want = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
      assert.deepEqual(got, want);
    }
  });

  it('lexicographic order equals a comparator sort on random sets with ties (1–4 objectives)', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 40; trial++) {
      const m = 1 + (trial % 4);
      const n = trial < 8 ? 2048 + rng.int(3000) : rng.int(300); // both the radix and the small-set path
      const pts = Array.from({ length: n }, () =>
        Array.from({ length: m }, () => (trial % 2 ? rng.int(4) - 2 : (rng.float() - 0.5) * 1e6)),
      );
      const flat = Float64Array.from(pts.flat());
      const want = pts
        .map((_, i) => i)
        .sort((a, b) => {
          for (let k = 0; k < m; k++) if (pts[a]![k] !== pts[b]![k]) return pts[a]![k]! - pts[b]![k]!;
          return a - b;
        });
      assert.deepEqual(Array.from(lexicographicOrder(flat, m)), want, `trial ${trial}`);
    }
  });
});
