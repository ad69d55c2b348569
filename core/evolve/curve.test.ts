import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bestBy, callsToReach, curveStep, sampleCurve } from './curve.ts';

describe('calls-to-target curve', () => {
  const points = [
    { calls: 120, best: 0.4 },
    { calls: 260, best: 0.7 },
    { calls: 410, best: 0.9 },
  ];
  test('the best by a number of calls, and the calls to reach a level', () => {
    assert.equal(bestBy(points, 100), null);
    assert.equal(bestBy(points, 300), 0.7);
    assert.equal(callsToReach(points, 0.8), 410);
    assert.equal(callsToReach(points, 0.95), null);
    assert.equal(callsToReach([{ calls: 50, best: 3 }], 4, 'minimize'), 50);
  });
  test('sampled every round step, the last point at the total', () => {
    assert.equal(curveStep(450), 50);
    assert.equal(curveStep(3000), 200);
    const c = sampleCurve(points, 'acc', 450);
    assert.equal(c.every, 50);
    assert.deepEqual(c.points.slice(0, 3), [
      { calls: 50, best: null },
      { calls: 100, best: null },
      { calls: 150, best: 0.4 },
    ]);
    assert.deepEqual(c.points.at(-1), { calls: 450, best: 0.9 });
    assert.equal(c.points.length, 9);
  });
});
