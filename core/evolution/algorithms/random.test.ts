import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEngine } from '../engine.ts';
import { sphere } from '../problems/zdt.ts';

describe('random search (the baseline)', () => {
  it('every candidate is fresh (a seed variation or a random genome), never bred from a descendant; it keeps the best', () => {
    const seed = [0.9, 0.9, 0.9];
    const engine = createEngine({
      seed: 3,
      objectives: 1,
      algorithm: { name: 'random', options: { populationSize: 10 } },
      genome: { type: 'real-vector', options: { lower: [-1, -1, -1], upper: [1, 1, 1] } },
      seeds: [seed],
    });
    let best = Number.POSITIVE_INFINITY;
    for (let g = 0; g < 5; g++) {
      const batch = engine.ask();
      assert.equal(batch.length, 10);
      for (const c of batch) assert.deepEqual(c.parents, []);
      const evals = batch.map((c) => ({ id: c.id, objectives: [sphere(c.genome as number[])] }));
      best = Math.min(best, ...evals.map((e) => e.objectives[0] as number));
      engine.tell(evals);
      assert.equal(engine.report().metrics.bestFitness, best);
    }
  });
});
