import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zdt1TrueHypervolume } from '../problems/zdt.ts';
import { createRng } from '../rng.ts';
import { dominates } from './dominance.ts';
import { hypervolume } from './hypervolume.ts';

/**
 * Exact brute force on the grid induced by the points' coordinates: every grid cell is either wholly dominated
 * or not, so summing the cells whose lower corner is weakly dominated by some point gives the exact volume.
 */
function gridHypervolume(points: number[][], ref: number[]): number {
  const m = ref.length;
  const pts = points.filter((p) => p.every((v, k) => v < ref[k]!));
  const axes = ref.map((r, k) => [...new Set([...pts.map((p) => p[k]!), r])].sort((a, b) => a - b));
  let volume = 0;
  const idx = new Array(m).fill(0);
  const total = axes.reduce((a, ax) => a * (ax.length - 1), 1);
  for (let c = 0; c < total; c++) {
    let rem = c;
    for (let k = 0; k < m; k++) {
      idx[k] = rem % (axes[k]!.length - 1);
      rem = Math.floor(rem / (axes[k]!.length - 1));
    }
    const corner = idx.map((i, k) => axes[k]![i]!);
    if (pts.some((p) => p.every((v, k) => v <= corner[k]!))) {
      volume += idx.reduce((a, i, k) => a * (axes[k]![i + 1]! - axes[k]![i]!), 1);
    }
  }
  return volume;
}

describe('hypervolume (minimisation, reference point)', () => {
  for (const m of [2, 3]) {
    it(`equals the exact grid brute force on random sets (${m} objectives)`, () => {
      const rng = createRng(m * 11);
      for (let trial = 0; trial < 80; trial++) {
        const n = rng.int(25);
        const grid = trial % 2 === 0;
        const pts = Array.from({ length: n }, () =>
          Array.from({ length: m }, () => (grid ? rng.int(6) / 5 : rng.float() * 1.2)),
        );
        const ref = Array.from({ length: m }, () => 1.1);
        const got = hypervolume(pts, ref);
        const want = gridHypervolume(pts, ref);
        assert.ok(Math.abs(got - want) < 1e-12, `trial ${trial}: ${got} vs ${want}`);
      }
    });
  }

  it('known values: a box, a staircase, points beyond the reference, dominated points', () => {
    assert.equal(hypervolume([[0, 0]], [1, 1]), 1);
    assert.equal(hypervolume([[0.5, 0.5, 0.5]], [1, 1, 1]), 0.125);
    assert.ok(
      Math.abs(
        hypervolume(
          [
            [0, 0.5],
            [0.5, 0],
            [0.6, 0.6],
          ],
          [1, 1],
        ) - 0.75,
      ) < 1e-15,
    );
    assert.equal(
      hypervolume(
        [
          [2, 0],
          [1, 1],
        ],
        [1, 1],
      ),
      0,
    );
    assert.equal(hypervolume([[0.25]], [1]), 0.75);
    assert.throws(() => hypervolume([[0, 0, 0, 0]], [1, 1, 1, 1]), /1 to 3 objectives/);
  });

  it('a dense sample of the ZDT1 front approaches its exact hypervolume 1.21 − 1/3 from below', () => {
    const front = Array.from({ length: 10001 }, (_, i) => [i / 10000, 1 - Math.sqrt(i / 10000)]);
    const hv = hypervolume(front, [1.1, 1.1]);
    const exact = zdt1TrueHypervolume(1.1);
    assert.ok(Math.abs(exact - (1.21 - 1 / 3)) < 1e-15);
    assert.ok(hv < exact && hv > exact - 1e-4, `${hv} vs ${exact}`);
  });

  it('3-D: every point of a front contributes exclusively (removing one lowers the volume)', () => {
    const rng = createRng(4);
    const pts: number[][] = [];
    while (pts.length < 30) {
      const p = [rng.float(), rng.float(), rng.float()];
      if (!pts.some((q) => dominates(q, p) || dominates(p, q))) pts.push(p);
    }
    const all = hypervolume(pts, [1, 1, 1]);
    for (let i = 0; i < pts.length; i++) {
      assert.ok(
        hypervolume(
          pts.filter((_, j) => j !== i),
          [1, 1, 1],
        ) < all,
      );
    }
  });
});
