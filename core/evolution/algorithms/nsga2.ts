/**
 * NSGA-II (Deb, Pratap, Agarwal & Meyarivan 2002). Each generation breeds N children by binary tournament on the
 * crowded comparison (rank, then crowding distance), crossover and mutation; parents and children are merged and
 * the next population is filled front by front (constrained domination à la Deb), the last front truncated by
 * descending crowding distance. With the `novelty` diversity mechanism, −novelty is an extra objective for
 * selection only (reported fronts use the true objectives).
 */
import { crowdingDistances } from '../pareto/crowding-distance.ts';
import { hypervolume } from '../pareto/hypervolume.ts';
import { constrainedRanks, flatten, frontsOf } from '../pareto/non-dominated-sort.ts';
import type { Individual } from '../types.ts';
import {
  type Algorithm,
  behaviour,
  breed,
  initialOffspring,
  type Offspring,
  type Toolkit,
} from './algorithm.ts';

type Nsga2State = {
  population: Individual<unknown>[];
  /** −novelty per population member when novelty is on (aligned with `population`). */
  novelty: number[];
};

function selectionObjectives(pop: Individual<unknown>[], novelty: number[], useNovelty: boolean): number[][] {
  return pop.map((ind, i) => (useNovelty ? [...ind.objectives, -(novelty[i] ?? 0)] : ind.objectives));
}

/** Rank and crowding distance of each individual (selection objectives). */
function rankAndCrowd(points: number[][], violation: number[]): { rank: Int32Array; crowd: Float64Array } {
  const rank = constrainedRanks(points, violation);
  const m = points[0]?.length ?? 0;
  const crowd = crowdingDistances(flatten(points, m), m, frontsOf(rank));
  return { rank, crowd };
}

export const nsga2: Algorithm = {
  name: 'nsga2',
  description: 'NSGA-II: Pareto ranks with crowding distance, elitist (μ+λ), constrained domination',
  diversity: ['dedup', 'novelty'],
  options: [
    { name: 'populationSize', type: 'integer', default: 100, min: 2, description: 'population size N' },
    {
      name: 'referencePoint',
      type: 'number[]',
      description: 'reference point for the reported hypervolume (minimisation); none: no hypervolume metric',
    },
  ],
  init: (): Nsga2State => ({ population: [], novelty: [] }),

  ask(state, toolkit, options): Offspring[] {
    const s = state as Nsga2State;
    const n = options.populationSize as number;
    if (s.population.length === 0) return initialOffspring(toolkit, n);
    const pop = s.population;
    const { rank, crowd } = rankAndCrowd(
      selectionObjectives(pop, s.novelty, toolkit.diversity.has('novelty')),
      pop.map((p) => p.constraintViolation),
    );
    const pool = {
      size: pop.length,
      score: (i: number) => rank[i]!,
      compare: (i: number, j: number) => rank[i]! - rank[j]! || crowd[j]! - crowd[i]! || 0,
    };
    const out: Offspring[] = [];
    while (out.length < n) {
      const kids = breed(toolkit, () => {
        const [a, b] = toolkit.select(pool, 2) as [number, number];
        return [pop[a]!, pop[b]!];
      });
      for (const k of kids) if (out.length < n) out.push(k);
    }
    return out;
  },

  tell(state, evaluated, toolkit: Toolkit, options) {
    const s = state as Nsga2State;
    const n = options.populationSize as number;
    const merged = [...s.population, ...evaluated];
    const useNovelty = toolkit.diversity.has('novelty');
    const nov = useNovelty ? toolkit.novelty(merged.map(behaviour)) : [];
    const { rank, crowd } = rankAndCrowd(
      selectionObjectives(merged, nov, useNovelty),
      merged.map((p) => p.constraintViolation),
    );
    // Order: rank ascending, crowding descending, then position (stable, deterministic).
    const order = merged
      .map((_, i) => i)
      .sort((i, j) => rank[i]! - rank[j]! || crowd[j]! - crowd[i]! || i - j);
    const keep = order.slice(0, n);
    s.population = keep.map((i) => merged[i]!);
    s.novelty = useNovelty ? keep.map((i) => nov[i]!) : [];
  },

  report(state, _toolkit, options) {
    const s = state as Nsga2State;
    const pop = s.population;
    const rank = constrainedRanks(
      pop.map((p) => p.objectives),
      pop.map((p) => p.constraintViolation),
    );
    const best = pop.filter((p, i) => rank[i] === 0 && p.constraintViolation === 0);
    const metrics: Record<string, number> = {
      frontSize: best.length,
      feasible: pop.filter((p) => p.constraintViolation === 0).length,
    };
    const ref = options.referencePoint as number[] | undefined;
    if (ref)
      metrics.hypervolume = hypervolume(
        best.map((b) => b.objectives),
        ref,
      );
    return { population: pop, best, metrics, done: false };
  },
};
