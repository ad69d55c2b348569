import assert from 'node:assert/strict';
import { test } from 'node:test';
import { racingEstimate, racingRungs } from './racing.ts';

test('racing estimate: new versions halve per rung; the pinned baseline runs to the end; done cases are free', () => {
  const rungs = racingRungs(50, { enabled: true, minCases: 8, eta: 2 });
  assert.deepEqual(rungs, [8, 16, 32, 50]);
  // 5 new versions racing beside the baseline (which takes no slot, as in raceStep): 5×8, then 3 of them ×8,
  // 2 ×16, 2 ×18; the baseline 50.
  assert.equal(racingEstimate([0, 0, 0, 0, 0], rungs, 2, [0]), 40 + 24 + 32 + 36 + 50);
  // Versions already evaluated on every case cost nothing, nor does a baseline already known.
  assert.equal(racingEstimate([50, 50], rungs, 2, [50]), 0);
  // Without racing there is one rung: every case of every version.
  assert.equal(racingEstimate([0, 10], [50], 2), 90);
  assert.equal(racingEstimate([], rungs, 2), 0);
});
