import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEngine } from '../engine.ts';
import { cellIndex } from './map-elites.ts';

describe('MAP-Elites', () => {
  it('cellIndex bins row-major and clamps out-of-range descriptors into the edge bins', () => {
    const axes = [
      { min: 0, max: 1, bins: 4 },
      { min: -1, max: 1, bins: 2 },
    ];
    assert.equal(cellIndex(axes, [0, -1]), 0);
    assert.equal(cellIndex(axes, [0.3, 0.5]), 3);
    assert.equal(cellIndex(axes, [1, 1]), 7);
    assert.equal(cellIndex(axes, [-5, 9]), 1);
  });

  it('fills the coverage of a toy problem and keeps the best individual per cell', () => {
    const descriptors = [
      { name: 'x', min: 0, max: 1, bins: 10 },
      { name: 'y', min: 0, max: 1, bins: 10 },
    ];
    const engine = createEngine({
      seed: 4,
      objectives: 1,
      algorithm: {
        name: 'map-elites',
        options: { descriptors, batchSize: 50, qdOffset: 3, crossoverRate: 0.2 },
      },
      genome: { type: 'real-vector', options: { lower: [0, 0, 0], upper: [1, 1, 1] } },
      mutation: { name: 'gaussian', options: { sigma: 0.1, probability: 1 } },
    });
    const bestPerCell = new Map<number, number>();
    let lastQd = -Infinity;
    for (let g = 0; g < 40; g++) {
      const batch = engine.ask();
      engine.tell(
        batch.map((c) => {
          const [x, y, z] = c.genome as [number, number, number];
          const f = (x - 0.5) ** 2 + (y - 0.5) ** 2 + z * z;
          const cell = cellIndex(descriptors, [x, y]);
          bestPerCell.set(cell, Math.min(bestPerCell.get(cell) ?? Infinity, f));
          return { id: c.id, objectives: [f], descriptors: [x, y] };
        }),
      );
      const qd = engine.report().metrics.qdScore!;
      assert.ok(qd >= lastQd, 'the QD-score never decreases');
      lastQd = qd;
    }
    const report = engine.report();
    assert.equal(report.metrics.coverage, 1);
    assert.equal(report.metrics.filledCells, 100);
    for (const e of report.population) {
      const [x, y] = e.genome as [number, number];
      assert.equal(e.objectives[0], bestPerCell.get(cellIndex(descriptors, [x, y])));
    }
    const sum = report.population.reduce((a, e) => a + 3 - e.objectives[0]!, 0);
    assert.ok(Math.abs(report.metrics.qdScore! - sum) < 1e-9);
  });

  it('requires descriptors on every evaluation', () => {
    const engine = createEngine({
      seed: 1,
      objectives: 1,
      algorithm: { name: 'map-elites', options: { descriptors: [{ min: 0, max: 1, bins: 3 }] } },
      genome: { type: 'real-vector', options: { lower: [0], upper: [1] } },
    });
    const batch = engine.ask();
    assert.throws(
      () => engine.tell(batch.map((c) => ({ id: c.id, objectives: [0] }))),
      /must carry 1 descriptors/,
    );
  });
});
