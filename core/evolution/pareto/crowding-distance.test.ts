import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crowdingDistances } from './crowding-distance.ts';
import { flatten } from './non-dominated-sort.ts';

describe('crowding distance', () => {
  it('gives extremes infinity and inner points the normalised neighbour gap summed over objectives', () => {
    const pts = [
      [0, 4],
      [1, 2],
      [3, 1],
      [4, 0],
    ];
    const d = crowdingDistances(flatten(pts), 2, [[0, 1, 2, 3]]);
    assert.equal(d[0], Infinity);
    assert.equal(d[3], Infinity);
    // point 1: (3 − 0)/4 + (4 − 1)/4 = 1.5; point 2: (4 − 1)/4 + (2 − 0)/4 = 1.25
    assert.equal(d[1], 1.5);
    assert.equal(d[2], 1.25);
  });

  it('computes per front; fronts of one or two members are all boundary; zero range adds nothing', () => {
    const pts = [
      [0, 1],
      [1, 0],
      [5, 5],
      [2, 7],
      [2, 7],
      [2, 7],
    ];
    const d = crowdingDistances(flatten(pts), 2, [[0, 1], [2], [3, 4, 5]]);
    assert.deepEqual(Array.from(d.slice(0, 3)), [Infinity, Infinity, Infinity]);
    // identical members: the two chosen extremes are infinite, the middle one gets 0
    assert.deepEqual(Array.from(d.slice(3)).sort(), [0, Infinity, Infinity]);
  });
});
