import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng, type Rng } from '../rng.ts';
import { constrainedDominates, dominates } from './dominance.ts';
import { constrainedRanks, frontsOf, nonDominatedRanks } from './non-dominated-sort.ts';

/** The textbook O(MN²) sort (Deb et al. 2002), as the oracle. */
function naiveRanks(
  points: number[][],
  dom = (i: number, j: number) => dominates(points[i]!, points[j]!),
): number[] {
  const n = points.length;
  const rank = new Array(n).fill(-1);
  let remaining = [...points.keys()];
  let r = 0;
  while (remaining.length > 0) {
    const front = remaining.filter((i) => !remaining.some((j) => j !== i && dom(j, i)));
    for (const i of front) rank[i] = r;
    remaining = remaining.filter((i) => rank[i] === -1);
    r++;
  }
  return rank;
}

/** Random points on a coarse grid (many ties), some exact duplicates, some continuous. */
function randomPoints(rng: Rng, n: number, m: number, levels: number): number[][] {
  const pts: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && rng.float() < 0.15) {
      pts.push(pts[rng.int(pts.length)]!.slice());
      continue;
    }
    pts.push(Array.from({ length: m }, () => (levels > 0 ? rng.int(levels) : rng.float())));
  }
  return pts;
}

describe('non-dominated sort', () => {
  for (const m of [1, 2, 3, 4, 5]) {
    it(`equals the naive O(MN²) sort on random sets with ties and duplicates (${m} objectives)`, () => {
      const rng = createRng(100 + m);
      for (let trial = 0; trial < 60; trial++) {
        const n = 1 + rng.int(120);
        const levels = [0, 3, 6, 20][trial % 4]!;
        const pts = randomPoints(rng, n, m, levels);
        assert.deepEqual(
          Array.from(nonDominatedRanks(pts)),
          naiveRanks(pts),
          `trial ${trial}, n=${n}, levels=${levels}`,
        );
      }
    });
  }

  it('handles the hand-made cases: empty, one point, duplicates share a rank, a chain', () => {
    assert.deepEqual(Array.from(nonDominatedRanks([])), []);
    assert.deepEqual(Array.from(nonDominatedRanks([[1, 2]])), [0]);
    assert.deepEqual(
      Array.from(
        nonDominatedRanks([
          [1, 1],
          [1, 1],
          [2, 2],
          [0, 3],
        ]),
      ),
      [0, 0, 1, 0],
    );
    assert.deepEqual(
      Array.from(
        nonDominatedRanks([
          [3, 3, 3],
          [2, 2, 2],
          [1, 1, 1],
          [1, 1, 2],
        ]),
      ),
      [3, 2, 0, 1],
    );
    assert.deepEqual(frontsOf([1, 0, 1, 2]), [[1], [0, 2], [3]]);
  });

  it('constrained sort: feasible first by Pareto rank, then infeasible by increasing violation', () => {
    const rng = createRng(9);
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + rng.int(60);
      const pts = randomPoints(rng, n, 1 + (trial % 3) + 1, trial % 2 === 0 ? 5 : 0);
      const cv = pts.map(() => (rng.float() < 0.3 ? rng.int(4) * 0.5 : 0));
      const expected = naiveRanks(pts, (i, j) => constrainedDominates(pts[i]!, cv[i]!, pts[j]!, cv[j]!));
      assert.deepEqual(Array.from(constrainedRanks(pts, cv)), expected, `trial ${trial}`);
    }
  });
});
