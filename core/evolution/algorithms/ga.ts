/**
 * Generational genetic algorithm with elitism. Fitness is the weighted sum of the (minimised) objectives;
 * infeasible individuals lose to feasible ones, then by violation. Each generation breeds N − elites children by
 * the configured selection (tournament, roulette, rank), crossover and mutation; the elites survive unchanged.
 * With `crowding`, the whole population is bred in parent pairs and deterministic crowding decides who survives
 * (elitism is then implicit); with `novelty`, fitness − weight × novelty drives selection.
 */
import { ConfigError } from '../../errors.ts';
import { pairStraight } from '../diversity/crowding.ts';
import { shuffle } from '../rng.ts';
import type { Individual } from '../types.ts';
import {
  type Algorithm,
  behaviour,
  breed,
  compareScalar,
  initialOffspring,
  type Offspring,
  type Toolkit,
} from './algorithm.ts';

type GaState = {
  population: Individual<unknown>[];
  /** Selection fitness per member (weighted objectives, minus novelty when on). */
  fitness: number[];
};

function weighted(ind: Individual<unknown>, weights: number[] | undefined): number {
  if (!weights) return ind.objectives[0]!;
  let s = 0;
  for (let i = 0; i < ind.objectives.length; i++) s += (weights[i] ?? 0) * ind.objectives[i]!;
  return s;
}

function fitnessOf(pop: Individual<unknown>[], toolkit: Toolkit, weights: number[] | undefined): number[] {
  const base = pop.map((p) => weighted(p, weights));
  const nov = toolkit.diversity.get('novelty');
  if (!nov) return base;
  const scores = toolkit.novelty(pop.map(behaviour));
  return base.map((f, i) => f - (nov.weight as number) * scores[i]!);
}

export const ga: Algorithm = {
  name: 'ga',
  description: 'generational GA with elitism on the weighted sum of objectives',
  diversity: ['dedup', 'crowding', 'novelty'],
  options: [
    { name: 'populationSize', type: 'integer', default: 100, min: 2, description: 'population size N' },
    { name: 'elites', type: 'integer', default: 1, min: 0, description: 'best individuals copied unchanged' },
    {
      name: 'weights',
      type: 'number[]',
      description: 'objective weights for the fitness (default: first objective)',
    },
  ],
  init(_toolkit, options): GaState {
    if ((options.elites as number) >= (options.populationSize as number)) {
      throw new ConfigError('ga: elites must be fewer than populationSize', { hint: 'e.g. elites: 1' });
    }
    return { population: [], fitness: [] };
  },

  ask(state, toolkit, options): Offspring[] {
    const s = state as GaState;
    const n = options.populationSize as number;
    if (s.population.length === 0) return initialOffspring(toolkit, n);
    const pop = s.population;
    const cmp = (i: number, j: number) =>
      compareScalar(pop[i]!.constraintViolation, s.fitness[i]!, pop[j]!.constraintViolation, s.fitness[j]!);
    const worstFeasible = Math.max(...s.fitness.filter((_, i) => pop[i]!.constraintViolation === 0), 0);
    const pool = {
      size: pop.length,
      score: (i: number) =>
        pop[i]!.constraintViolation > 0 ? worstFeasible + pop[i]!.constraintViolation : s.fitness[i]!,
      compare: cmp,
    };
    if (toolkit.diversity.has('crowding')) {
      // Deterministic crowding pairs the population at random; every parent breeds once, its children face it.
      const order = shuffle(
        pop.map((_, i) => i),
        toolkit.rng,
      );
      if (order.length % 2 === 1) order.push(order[toolkit.rng.int(order.length - 1)]!);
      const out: Offspring[] = [];
      for (let t = 0; t < order.length && out.length < n; t += 2) {
        const pair: [Individual<unknown>, Individual<unknown>] = [pop[order[t]!]!, pop[order[t + 1]!]!];
        const kids = breed(toolkit, () => pair);
        const [k1, k2] = kids;
        out.push(k1!, k2 ?? { ...k1!, genome: toolkit.mutate(k1!.genome) });
      }
      return out;
    }
    const count = n - Math.min(options.elites as number, n);
    const out: Offspring[] = [];
    while (out.length < count) {
      const kids = breed(toolkit, () => {
        const [a, b] = toolkit.select(pool, 2) as [number, number];
        return [pop[a]!, pop[b]!];
      });
      for (const k of kids) if (out.length < count) out.push(k);
    }
    return out;
  },

  tell(state, evaluated, toolkit, options) {
    const s = state as GaState;
    const weights = options.weights as number[] | undefined;
    const n = options.populationSize as number;
    if (s.population.length === 0 || !toolkit.diversity.has('crowding')) {
      const fit = [...s.population, ...evaluated].map((p) => weighted(p, weights));
      const old = s.population.map((_, i) => i);
      const byFitness = (i: number, j: number) =>
        compareScalar(
          s.population[i]!.constraintViolation,
          fit[i]!,
          s.population[j]!.constraintViolation,
          fit[j]!,
        ) || i - j;
      const elites = old.sort(byFitness).slice(0, Math.min(options.elites as number, n));
      s.population = [...elites.map((i) => s.population[i]!), ...evaluated].slice(
        0,
        Math.max(n, evaluated.length),
      );
    } else {
      const byId = new Map(s.population.map((p) => [p.id, p]));
      const next: Individual<unknown>[] = [];
      const better = (a: Individual<unknown>, b: Individual<unknown>) =>
        compareScalar(
          a.constraintViolation,
          weighted(a, weights),
          b.constraintViolation,
          weighted(b, weights),
        ) <= 0
          ? a
          : b;
      const d = (a: Individual<unknown>, b: Individual<unknown>) => toolkit.distance(a.genome, b.genome);
      for (let i = 0; i + 1 < evaluated.length; i += 2) {
        const c1 = evaluated[i]!;
        const c2 = evaluated[i + 1]!;
        const p1 = byId.get(c1.parents[0]!) ?? c1;
        const p2 = byId.get(c1.parents[1] ?? c1.parents[0]!) ?? p1;
        if (pairStraight(d(c1, p1), d(c2, p2), d(c1, p2), d(c2, p1)))
          next.push(better(c1, p1), better(c2, p2));
        else next.push(better(c1, p2), better(c2, p1));
      }
      next.splice(n);
      s.population = next;
    }
    s.fitness = fitnessOf(s.population, toolkit, weights);
  },

  report(state, _toolkit, options) {
    const s = state as GaState;
    const weights = options.weights as number[] | undefined;
    const pop = s.population;
    let best: Individual<unknown> | undefined;
    for (const p of pop) {
      if (
        !best ||
        compareScalar(
          p.constraintViolation,
          weighted(p, weights),
          best.constraintViolation,
          weighted(best, weights),
        ) < 0
      ) {
        best = p;
      }
    }
    const fits = pop.map((p) => weighted(p, weights));
    const metrics: Record<string, number> = {};
    if (best) {
      metrics.bestFitness = weighted(best, weights);
      metrics.meanFitness = fits.reduce((a, b) => a + b, 0) / fits.length;
    }
    return { population: pop, best: best ? [best] : [], metrics, done: false };
  },
};
