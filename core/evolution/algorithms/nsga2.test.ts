import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEngine, runEngineSync } from '../engine.ts';
import { hypervolume } from '../pareto/hypervolume.ts';
import { dtlz2, zdt1, zdt1TrueHypervolume } from '../problems/zdt.ts';

const box = (n: number) => ({ lower: Array(n).fill(0), upper: Array(n).fill(1) });

describe('NSGA-II', () => {
  it('ZDT1 (n = 30) with the published settings reaches ≥ 98% of the true front hypervolume at (1.1, 1.1)', (t) => {
    // Deb et al. 2002: N = 100, 250 generations, p_c = 0.9, p_m = 1/n, η_c = η_m = 20.
    const engine = createEngine({
      seed: 2002,
      objectives: 2,
      algorithm: { name: 'nsga2', options: { populationSize: 100, referencePoint: [1.1, 1.1] } },
      genome: { type: 'real-vector', options: box(30) },
      crossover: { name: 'sbx', options: { eta: 20, probability: 0.9 } },
      mutation: { name: 'polynomial', options: { eta: 20 } },
    });
    const evaluate = (batch: { id: number; genome: unknown }[]) =>
      batch.map((c) => ({ id: c.id, objectives: zdt1(c.genome as number[]) }));
    const report = runEngineSync(engine, evaluate, 1 + 250); // the initial population, then 250 generations
    assert.equal(report.evaluations, 100 * 251);
    const hv = hypervolume(
      report.best.map((b) => b.objectives),
      [1.1, 1.1],
    );
    assert.equal(report.metrics.hypervolume, hv);
    const ratio = hv / zdt1TrueHypervolume(1.1);
    t.diagnostic(
      `ZDT1 hypervolume ${hv.toFixed(6)} = ${(100 * ratio).toFixed(2)}% of ${zdt1TrueHypervolume(1.1)}`,
    );
    assert.ok(ratio >= 0.98, `ratio ${ratio}`);
    assert.ok(ratio <= 1, 'a finite front cannot beat the continuous one');
  });

  it('constrained domination: the final population is feasible and lies on the constraint boundary', () => {
    // minimise (x, y) subject to x + y ≥ 1: the constrained front is the segment x + y = 1.
    const engine = createEngine({
      seed: 5,
      objectives: 2,
      algorithm: { name: 'nsga2', options: { populationSize: 40 } },
      genome: { type: 'real-vector', options: box(2) },
    });
    const report = runEngineSync(
      engine,
      (batch) =>
        batch.map((c) => {
          const [x, y] = c.genome as [number, number];
          return { id: c.id, objectives: [x, y], constraintViolation: Math.max(0, 1 - x - y) };
        }),
      60,
    );
    assert.equal(report.metrics.feasible, 40);
    for (const p of report.population) {
      const [x, y] = p.genome as [number, number];
      assert.ok(x + y >= 1 && x + y < 1.05, `${x} + ${y}`);
    }
  });

  it('3 objectives (DTLZ2): the hypervolume grows and the front approaches the unit sphere', () => {
    const engine = createEngine({
      seed: 7,
      objectives: 3,
      algorithm: { name: 'nsga2', options: { populationSize: 60, referencePoint: [1.1, 1.1, 1.1] } },
      genome: { type: 'real-vector', options: box(7) },
    });
    const evaluate = (batch: { id: number; genome: unknown }[]) =>
      batch.map((c) => ({ id: c.id, objectives: dtlz2(c.genome as number[], 3) }));
    const early = runEngineSync(engine, evaluate, 2).metrics.hypervolume!;
    const late = runEngineSync(engine, evaluate, 100);
    assert.ok(late.metrics.hypervolume! > early, `${late.metrics.hypervolume} > ${early}`);
    for (const b of late.best) {
      const r = Math.hypot(...b.objectives);
      assert.ok(r < 1.1, `radius ${r}`);
    }
  });

  it('with novelty, runs on an extra selection objective and reports fronts on the true objectives', () => {
    const engine = createEngine({
      seed: 8,
      objectives: 2,
      algorithm: { name: 'nsga2', options: { populationSize: 20 } },
      genome: { type: 'real-vector', options: box(5) },
      diversity: [{ name: 'novelty', options: { k: 5 } }],
    });
    const report = runEngineSync(
      engine,
      (batch) => batch.map((c) => ({ id: c.id, objectives: zdt1(c.genome as number[]) })),
      10,
    );
    assert.equal(report.population.length, 20);
    for (const b of report.best) assert.equal(b.objectives.length, 2);
  });
});
