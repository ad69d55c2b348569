/**
 * Random search, the baseline every algorithm must beat at equal calls: each generation is `populationSize`
 * variations of the seed (the human-written original) by the configured mutation, never of a descendant. It
 * keeps the best individual (feasible first, then the first objective, or the weighted sum) and nothing else.
 */
import type { Individual } from '../types.ts';
import { type Algorithm, compareScalar, initialOffspring, type Offspring } from './algorithm.ts';

type RandomState = { started: boolean; best: Individual<unknown> | null; last: Individual<unknown>[] };

function fitness(ind: Individual<unknown>, weights: number[] | undefined): number {
  if (!weights) return ind.objectives[0] as number;
  return ind.objectives.reduce((s, x, i) => s + (weights[i] ?? 0) * x, 0);
}

export const randomSearch: Algorithm = {
  name: 'random',
  description: 'random search: every generation mutates the seed only (the baseline)',
  diversity: ['dedup'],
  options: [
    {
      name: 'populationSize',
      type: 'integer',
      default: 100,
      min: 1,
      description: 'candidates per generation',
    },
    {
      name: 'weights',
      type: 'number[]',
      description: 'objective weights for choosing the best (default: first objective)',
    },
  ],
  init(): RandomState {
    return { started: false, best: null, last: [] };
  },

  ask(state, toolkit, options): Offspring[] {
    const s = state as RandomState;
    const n = options.populationSize as number;
    if (!s.started) {
      s.started = true;
      return initialOffspring(toolkit, n);
    }
    // A fresh genome is a mutation of a seed (or a random one for genome types that have them): never a descendant.
    const out: Offspring[] = [];
    while (out.length < n) {
      let genome = toolkit.newGenome();
      for (let t = 1; t < toolkit.maxTries && !toolkit.admit(genome); t++) genome = toolkit.newGenome();
      out.push({ genome, parents: [], operator: toolkit.seeds.length > 0 ? 'seed-mutation' : 'random' });
    }
    return out;
  },

  tell(state, evaluated, _toolkit, options) {
    const s = state as RandomState;
    const weights = options.weights as number[] | undefined;
    for (const ind of evaluated) {
      const b = s.best;
      if (
        !b ||
        compareScalar(
          ind.constraintViolation,
          fitness(ind, weights),
          b.constraintViolation,
          fitness(b, weights),
        ) < 0
      )
        s.best = ind;
    }
    s.last = evaluated;
  },

  report(state, _toolkit, options) {
    const s = state as RandomState;
    const metrics: Record<string, number> = {};
    if (s.best) metrics.bestFitness = fitness(s.best, options.weights as number[] | undefined);
    return { population: s.last, best: s.best ? [s.best] : [], metrics, done: false };
  },
};
