import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEngine, runEngineSync } from '../engine.ts';
import { sphere } from '../problems/zdt.ts';
import type { Candidate, Evaluation } from '../types.ts';

const f1 =
  (fn: (x: number[]) => number) =>
  (batch: Candidate<unknown>[]): Evaluation[] =>
    batch.map((c) => ({ id: c.id, objectives: [fn(c.genome as number[])] }));

describe('CMA-ES', () => {
  it('reaches f < 1e-8 on the 10-D sphere within 4,000 evaluations (Hansen: ~1,500–2,500)', (t) => {
    const counts: number[] = [];
    for (const seed of [1, 2, 3]) {
      const engine = createEngine({
        seed,
        objectives: 1,
        algorithm: { name: 'cma-es', options: { stopFitness: 1e-8, ipop: false } },
        genome: { type: 'real-vector', options: { lower: Array(10).fill(-5), upper: Array(10).fill(5) } },
      });
      const report = runEngineSync(engine, f1(sphere), 10_000);
      assert.equal(report.done, true);
      assert.ok(report.metrics.bestFitness! < 1e-8);
      counts.push(report.evaluations);
    }
    t.diagnostic(`evaluations to 1e-8 on the 10-D sphere: ${counts.join(', ')}`);
    for (const c of counts) assert.ok(c <= 4000, `${c} evaluations`);
  });

  it('respects bounds (temperature in [0, 2], topP in [0, 1]) and finds an optimum on the boundary', () => {
    const engine = createEngine({
      seed: 11,
      objectives: 1,
      algorithm: { name: 'cma-es' },
      genome: {
        type: 'real-vector',
        options: { lower: [0, 0], upper: [2, 1], names: ['temperature', 'topP'] },
      },
    });
    let asked = 0;
    const report = runEngineSync(
      engine,
      (batch) => {
        for (const c of batch) {
          const [temp, topP] = c.genome as [number, number];
          assert.ok(temp >= 0 && temp <= 2 && topP >= 0 && topP <= 1);
          asked++;
        }
        return f1(
          ([temp, topP]) => (temp! - 2.5) ** 2 + (topP! + 0.3) ** 2 + 0.1 * (temp! - 2.5) * (topP! + 0.3),
        )(batch);
      },
      80,
    );
    const [temp, topP] = report.best[0]!.genome as [number, number];
    assert.ok(asked > 0);
    assert.ok(Math.abs(temp - 2) < 1e-3 && topP < 1e-3, `best at ${temp}, ${topP}`);
  });

  it('IPOP: on stagnation it restarts with a doubled population, until maxRestarts', () => {
    const engine = createEngine({
      seed: 3,
      objectives: 1,
      algorithm: { name: 'cma-es', options: { maxRestarts: 2, sigma0: 0.001 } },
      genome: { type: 'real-vector', options: { lower: Array(10).fill(-1), upper: Array(10).fill(1) } },
    });
    const lambdas: number[] = [];
    for (;;) {
      const batch = engine.ask();
      if (batch.length === 0) break;
      lambdas.push(batch.length);
      engine.tell(batch.map((c) => ({ id: c.id, objectives: [1] }))); // flat fitness: stop at once
    }
    assert.deepEqual(lambdas, [10, 20, 40]);
    const report = engine.report();
    assert.equal(report.done, true);
    assert.equal(report.metrics.restarts, 2);
  });

  it('IPOP restarts help on a multimodal function (Rastrigin 5-D)', () => {
    const rastrigin = (x: number[]) =>
      10 * x.length + x.reduce((a, v) => a + v * v - 10 * Math.cos(2 * Math.PI * v), 0);
    const run = (ipop: boolean) => {
      const engine = createEngine({
        seed: 21,
        objectives: 1,
        algorithm: { name: 'cma-es', options: { ipop, sigma0: 0.2 } },
        genome: { type: 'real-vector', options: { lower: Array(5).fill(-5.12), upper: Array(5).fill(5.12) } },
      });
      for (let g = 0; g < 3000 && engine.evaluations < 30_000; g++) {
        const batch = engine.ask();
        if (batch.length === 0) break;
        engine.tell(f1(rastrigin)(batch));
      }
      return engine.report();
    };
    const withIpop = run(true);
    assert.ok(withIpop.metrics.restarts! >= 1);
    assert.ok(withIpop.metrics.bestFitness! <= run(false).metrics.bestFitness!);
  });
});
