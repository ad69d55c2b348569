import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../errors.ts';
import { algorithms } from './algorithms/index.ts';
import { diversityMechanisms } from './diversity/index.ts';
import { crossovers, mutations } from './operators/index.ts';
import { createRegistry, describeRegistry, resolveOptions } from './registry.ts';
import { selectionSchemes } from './selection/index.ts';

describe('registries', () => {
  it('hold the built-in strategies, each with a description and options', () => {
    assert.deepEqual(algorithms.names(), ['cma-es', 'ga', 'map-elites', 'nsga2', 'random']);
    assert.deepEqual(selectionSchemes.names(), ['rank', 'roulette', 'tournament']);
    assert.deepEqual(diversityMechanisms.names(), ['crowding', 'dedup', 'novelty']);
    assert.deepEqual(crossovers.names(), ['sbx', 'section', 'uniform']);
    assert.deepEqual(mutations.names(), [
      'few-shot',
      'gaussian',
      'parameter',
      'phrase-delete',
      'phrase-insert',
      'polynomial',
      'prompt-any',
    ]);
    for (const r of [algorithms, selectionSchemes, diversityMechanisms, crossovers, mutations]) {
      for (const s of r.list()) assert.ok(s.description.length > 10, s.name);
    }
    assert.match(describeRegistry(crossovers), /sbx: .* \[eta=20 probability=0.9 perGene=0.5\]/);
  });

  it('an unknown name is a ConfigError listing the known ones', () => {
    assert.throws(
      () => algorithms.get('nsga3'),
      (e: unknown) =>
        e instanceof ConfigError &&
        /unknown algorithm 'nsga3'/.test(e.message) &&
        e.hint === 'known algorithms: cma-es, ga, map-elites, nsga2, random',
    );
  });

  it('with() extends without touching the original', () => {
    const base = createRegistry('thing', [{ name: 'a', description: 'first thing', options: [] }]);
    const more = base.with({ name: 'b', description: 'second thing', options: [] });
    assert.deepEqual(more.names(), ['a', 'b']);
    assert.deepEqual(base.names(), ['a']);
  });

  it('resolveOptions fills defaults and rejects unknown, ill-typed, out-of-range and missing options', () => {
    const sbx = crossovers.get('sbx');
    assert.deepEqual(resolveOptions('crossover', sbx, { eta: 15 }), {
      eta: 15,
      probability: 0.9,
      perGene: 0.5,
    });
    assert.throws(() => resolveOptions('crossover', sbx, { etta: 1 }), /unknown option 'etta'/);
    assert.throws(() => resolveOptions('crossover', sbx, { eta: 'x' }), /must be number/);
    assert.throws(() => resolveOptions('crossover', sbx, { probability: 2 }), /must be in \[0, 1\]/);
    assert.throws(
      () => resolveOptions('algorithm', algorithms.get('map-elites'), {}),
      /'descriptors' is required/,
    );
    const dedup = diversityMechanisms.get('dedup');
    assert.throws(
      () => resolveOptions('diversity', dedup, { scope: 'forever' }),
      /must be one of history, population/,
    );
  });
});
