import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEngine, runEngineSync } from '../engine.ts';
import { sphere } from '../problems/zdt.ts';
import type { Candidate } from '../types.ts';

const evalSphere = (batch: Candidate<unknown>[]) =>
  batch.map((c) => ({ id: c.id, objectives: [sphere((c.genome as number[]).map((v) => v - 0.3))] }));
const genome = { type: 'real-vector', options: { lower: Array(5).fill(-1), upper: Array(5).fill(1) } };

describe('generational GA', () => {
  for (const selection of ['tournament', 'roulette', 'rank']) {
    it(`minimises a shifted sphere with ${selection} selection, never losing its best (elitism)`, () => {
      const engine = createEngine({
        seed: 12,
        objectives: 1,
        algorithm: { name: 'ga', options: { populationSize: 40, elites: 2 } },
        genome,
        selection: { name: selection },
      });
      let best = Infinity;
      for (let g = 0; g < 120; g++) {
        engine.tell(evalSphere(engine.ask()));
        const r = engine.report();
        assert.ok(r.metrics.bestFitness! <= best, 'elitism keeps the best');
        best = r.metrics.bestFitness!;
        assert.equal(r.population.length, 40);
      }
      assert.ok(best < 0.01, `${selection}: ${best}`);
    });
  }

  it('with deterministic crowding, every child competes with a parent and the population size holds', () => {
    const engine = createEngine({
      seed: 13,
      objectives: 1,
      algorithm: { name: 'ga', options: { populationSize: 31 } },
      genome,
      diversity: [{ name: 'crowding' }],
    });
    let best = Infinity;
    for (let g = 0; g < 80; g++) {
      engine.tell(evalSphere(engine.ask()));
      const r = engine.report();
      assert.equal(r.population.length, 31);
      assert.ok(r.metrics.bestFitness! <= best);
      best = r.metrics.bestFitness!;
    }
    assert.ok(best < 0.05, `${best}`);
  });

  it('with novelty, a weighted fitness still drives the search', () => {
    const engine = createEngine({
      seed: 14,
      objectives: 1,
      algorithm: { name: 'ga', options: { populationSize: 30 } },
      genome,
      diversity: [{ name: 'novelty', options: { weight: 0.01, k: 5 } }],
    });
    const report = runEngineSync(engine, evalSphere, 60);
    assert.ok(report.metrics.bestFitness! < 0.1);
    assert.equal(engine.snapshot().noveltyArchive.length > 0, true);
  });

  it('weights turn several objectives into one fitness', () => {
    const engine = createEngine({
      seed: 15,
      objectives: 2,
      algorithm: { name: 'ga', options: { populationSize: 20, weights: [1, 0.5] } },
      genome,
    });
    const report = runEngineSync(
      engine,
      (batch) =>
        batch.map((c) => {
          const g = c.genome as number[];
          return { id: c.id, objectives: [g[0]! ** 2, g[1]! ** 2] };
        }),
      5,
    );
    const b = report.best[0]!;
    assert.equal(report.metrics.bestFitness, b.objectives[0]! + 0.5 * b.objectives[1]!);
  });
});
