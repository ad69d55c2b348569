import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, ValidationError } from '../errors.ts';
import { createEngine, type Engine, type EngineConfig, restoreEngine } from './engine.ts';
import { zdt1 } from './problems/zdt.ts';
import { createRegistry } from './registry.ts';
import type { Candidate, Evaluation, GenomeType, MutationOperator } from './types.ts';

const box = (n: number) => ({ lower: Array(n).fill(0), upper: Array(n).fill(1) });

/** A deterministic evaluation for any algorithm: two ZDT1 objectives, descriptors from the first genes. */
function evaluate(batch: Candidate<unknown>[], objectives: number): Evaluation[] {
  return batch.map((c) => {
    const g = c.genome as number[];
    const f = zdt1(g);
    return {
      id: c.id,
      objectives: objectives === 1 ? [f[0] + f[1]] : f,
      descriptors: [g[0]!, g[1]!],
      constraintViolation: g[2]! > 0.95 ? g[2]! - 0.95 : 0,
    };
  });
}

const configs: Record<string, EngineConfig> = {
  nsga2: {
    seed: 1,
    objectives: 2,
    algorithm: { name: 'nsga2', options: { populationSize: 20, referencePoint: [1.1, 11] } },
    genome: { type: 'real-vector', options: box(6) },
    diversity: [{ name: 'dedup' }, { name: 'novelty' }],
  },
  ga: {
    seed: 2,
    objectives: 1,
    algorithm: { name: 'ga', options: { populationSize: 15 } },
    genome: { type: 'real-vector', options: box(6) },
    selection: { name: 'roulette' },
    diversity: [
      { name: 'dedup', options: { scope: 'population' } },
      { name: 'crowding' },
      { name: 'novelty' },
    ],
  },
  'map-elites': {
    seed: 3,
    objectives: 1,
    algorithm: {
      name: 'map-elites',
      options: {
        descriptors: [
          { min: 0, max: 1, bins: 5 },
          { min: 0, max: 1, bins: 5 },
        ],
        batchSize: 12,
        crossoverRate: 0.3,
      },
    },
    genome: { type: 'real-vector', options: box(6) },
    diversity: [{ name: 'dedup' }],
  },
  'cma-es': {
    seed: 4,
    objectives: 1,
    algorithm: { name: 'cma-es', options: { populationSize: 8 } },
    genome: { type: 'real-vector', options: box(6) },
  },
};

function run(engine: Engine, generations: number, objectives: number): void {
  for (let g = 0; g < generations; g++) {
    const batch = engine.ask();
    if (batch.length === 0) return;
    // Tell in a scrambled order: the engine must not depend on it.
    engine.tell(evaluate(batch, objectives).reverse());
  }
}

describe('engine', () => {
  for (const [name, config] of Object.entries(configs)) {
    it(`${name}: the same seed gives the same run, another seed a different one`, () => {
      const a = createEngine(config);
      const b = createEngine(structuredClone(config));
      const c = createEngine({ ...config, seed: config.seed + 100 });
      run(a, 12, config.objectives);
      run(b, 12, config.objectives);
      run(c, 12, config.objectives);
      assert.equal(JSON.stringify(a.snapshot()), JSON.stringify(b.snapshot()));
      assert.notEqual(JSON.stringify(a.report().best), JSON.stringify(c.report().best));
    });

    it(`${name}: serialise → restore → continue equals the uninterrupted run`, () => {
      const straight = createEngine(config);
      run(straight, 15, config.objectives);

      const first = createEngine(config);
      run(first, 6, config.objectives);
      let resumed = restoreEngine(JSON.parse(JSON.stringify(first.snapshot())));
      run(resumed, 4, config.objectives);
      // Also interrupt between ask and tell: the pending batch comes back unchanged.
      const asked = resumed.ask();
      resumed = restoreEngine(JSON.parse(JSON.stringify(resumed.snapshot())));
      assert.deepEqual(resumed.ask(), asked);
      run(resumed, 5, config.objectives);

      assert.equal(JSON.stringify(resumed.snapshot()), JSON.stringify(straight.snapshot()));
      assert.deepEqual(resumed.report(), straight.report());
    });
  }

  it('candidates carry ids, parents, generation and operator; seeds enter the first batch unchanged', () => {
    const engine = createEngine({ ...configs.nsga2!, seeds: [[0.5, 0.5, 0.5, 0.5, 0.5, 0.5]] });
    const first = engine.ask();
    assert.deepEqual(first[0]!.genome, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    assert.equal(first[0]!.operator, 'seed');
    assert.deepEqual(
      first.map((c) => c.id),
      [...Array(20).keys()],
    );
    engine.tell(evaluate(first, 2));
    const second = engine.ask();
    assert.equal(second[0]!.generation, 1);
    assert.equal(second[0]!.operator, 'sbx+polynomial');
    for (const c of second) for (const p of c.parents) assert.ok(p < 20);
  });

  it('dedup: no genome is evaluated twice, although the operators breed many copies', () => {
    const count = (diversity: EngineConfig['diversity']) => {
      const engine = createEngine({
        seed: 5,
        objectives: 1,
        algorithm: { name: 'ga', options: { populationSize: 10 } },
        genome: { type: 'real-vector', options: box(2) },
        crossover: { name: 'none' },
        mutation: { name: 'gaussian', options: { probability: 0.2 } },
        diversity,
      });
      const keys: string[] = [];
      for (let g = 0; g < 20; g++) {
        const batch = engine.ask();
        keys.push(...batch.map((c) => JSON.stringify(c.genome)));
        engine.tell(
          evaluate(
            batch.map((c) => ({ ...c, genome: [...(c.genome as number[]), 0] })),
            1,
          ),
        );
      }
      return keys.length - new Set(keys).size;
    };
    assert.ok(count([]) > 10, 'without dedup copies are evaluated again');
    assert.equal(count([{ name: 'dedup' }]), 0);
  });

  it('rejects unknown names and options with the known ones, and unsupported combinations', () => {
    const base = configs.nsga2!;
    assert.throws(() => createEngine({ ...base, algorithm: { name: 'moead' } }), /unknown algorithm 'moead'/);
    assert.throws(
      () => createEngine({ ...base, mutation: { name: 'flip' } }),
      (e: unknown) => e instanceof ConfigError && /gaussian, parameter, .*polynomial/.test(e.hint ?? ''),
    );
    assert.throws(
      () => createEngine({ ...base, selection: { name: 'lottery' } }),
      /unknown selection scheme/,
    );
    assert.throws(() => createEngine({ ...base, diversity: [{ name: 'crowding' }] }), /does not support/);
    assert.throws(
      () => createEngine({ ...base, algorithm: { name: 'nsga2', options: { population: 5 } } }),
      /unknown option 'population'/,
    );
    assert.throws(() =>
      createEngine({ ...base, genome: { type: 'real-vector', options: { lower: [1], upper: [0] } } }),
    );
    assert.throws(() => createEngine({ ...base, seeds: [[2, 0, 0, 0, 0, 0]] }), ValidationError);
    assert.throws(() => restoreEngine({ format: 'x' } as never), /not an engine snapshot/);
    assert.throws(
      () => createEngine({ ...base, algorithm: { name: 'ga', options: { populationSize: 4, elites: 4 } } }),
      /elites must be fewer/,
    );
    assert.throws(
      () => createEngine({ ...base, algorithm: { name: 'cma-es' }, genome: { type: 'prompt' } }),
      /works on/,
    );
  });

  it('checks what it is told', () => {
    const engine = createEngine(configs.nsga2!);
    assert.throws(() => engine.tell([]), /call ask\(\) first/);
    const batch = engine.ask();
    const good = evaluate(batch, 2);
    assert.throws(() => engine.tell(good.slice(1)), /missing evaluations for candidates 0/);
    assert.throws(() => engine.tell([...good, { id: 999, objectives: [0, 0] }]), /unknown or already told/);
    assert.throws(() => engine.tell(good.map((e) => ({ ...e, objectives: [1] }))), /2 finite numbers/);
    assert.throws(() => engine.tell(good.map((e) => ({ ...e, objectives: [Number.NaN, 1] }))), /finite/);
    assert.throws(() => engine.tell(good.map((e) => ({ ...e, constraintViolation: -1 }))), /≥ 0/);
    engine.tell(good);
    assert.equal(engine.generation, 1);
    assert.equal(engine.evaluations, 20);
  });

  it('takes custom genome types and operators through extended registries', () => {
    // A bit-string genome with a bit-flip mutation: the engine knows nothing about it beyond the registry entries.
    const bits: GenomeType<number[]> = {
      name: 'bits',
      description: 'a fixed-length bit string',
      options: [{ name: 'length', type: 'integer', required: true, description: 'number of bits' }],
      random: (rng, o) => Array.from({ length: o.length as number }, () => rng.int(2)),
      key: (g) => g.join(''),
      distance: (a, b) => a.reduce((s, v, i) => s + (v === b[i] ? 0 : 1), 0),
      check: (g) => (Array.isArray(g) ? undefined : 'expected bits'),
    };
    const flip: MutationOperator<number[]> = {
      name: 'bit-flip',
      description: 'flips each bit with probability 1/n',
      genomeTypes: ['bits'],
      options: [],
      apply: (g, rng) => g.map((v) => (rng.float() < 1 / g.length ? 1 - v : v)),
    };
    const registries = {
      genomeTypes: createRegistry<GenomeType<unknown>>('genome type', [bits as GenomeType<unknown>]),
      mutations: createRegistry<MutationOperator<unknown>>('mutation', [flip as MutationOperator<unknown>]),
    };
    const config: EngineConfig = {
      seed: 6,
      objectives: 1,
      algorithm: { name: 'ga', options: { populationSize: 20 } },
      genome: { type: 'bits', options: { length: 24 } },
      mutation: { name: 'bit-flip' },
      diversity: [{ name: 'dedup' }],
    };
    const engine = createEngine(config, registries);
    const onemax = (batch: Candidate<unknown>[]) =>
      batch.map((c) => ({ id: c.id, objectives: [-(c.genome as number[]).reduce((a, b) => a + b, 0)] }));
    for (let g = 0; g < 60; g++) engine.tell(onemax(engine.ask()));
    assert.ok(engine.report().metrics.bestFitness! <= -22);
    assert.throws(() => createEngine(config), /unknown genome type 'bits'/);
    const resumed = restoreEngine(engine.snapshot(), registries);
    assert.deepEqual(resumed.report(), engine.report());
  });
});
