/**
 * The algorithm contract. An algorithm is a set of pure-ish functions over a JSON state that the engine owns:
 * `init` builds the state, `ask` breeds the next batch of genomes (mutating the state), `tell` takes the batch back
 * evaluated, in the order it was asked, and `report` summarises. All randomness comes from `toolkit.rng`.
 */
import type { Options, Strategy } from '../registry.ts';
import type { Rng } from '../rng.ts';
import type { Individual, SelectionPool } from '../types.ts';

export type Offspring = { genome: unknown; parents: number[]; operator: string };

/** Everything an algorithm may use, bound to the run's configuration and generator. */
export type Toolkit = {
  rng: Rng;
  /** Number of objectives each evaluation carries. */
  objectives: number;
  genomeType: string;
  genomeOptions: Options;
  /** A fresh genome: random if the genome type can make one, else a mutation of a seed genome. */
  newGenome(): unknown;
  /** The user's seed genomes (e.g. the human-written prompt), used first in the initial population. */
  seeds: readonly unknown[];
  key(genome: unknown): string;
  distance(a: unknown, b: unknown): number;
  crossover(a: unknown, b: unknown): [unknown, unknown];
  mutate(genome: unknown): unknown;
  /** Name of the variation, e.g. `sbx+polynomial`, recorded on each candidate. */
  variationName: string;
  select(pool: SelectionPool, count: number): number[];
  /** Enabled diversity mechanisms and their resolved options. */
  diversity: ReadonlyMap<string, Options>;
  /** De-duplication: false if this genome's content hash was seen (always true when dedup is off). */
  admit(genome: unknown): boolean;
  /** Breeding attempts per child under de-duplication (1 without it). */
  maxTries: number;
  /** k-NN novelty of these behaviours against each other and the archive; then updates the archive. */
  novelty(behaviours: number[][]): number[];
};

export type AlgorithmReport = {
  /** The current population (or, for MAP-Elites, the archive's elites). */
  population: Individual<unknown>[];
  /** The best: the feasible Pareto front (NSGA-II), the best individual (GA, CMA-ES), the elites (MAP-Elites). */
  best: Individual<unknown>[];
  metrics: Record<string, number>;
  /** True when the algorithm has nothing more to ask (e.g. CMA-ES out of restarts). */
  done: boolean;
};

export type Algorithm = Strategy & {
  /** Genome types it works on; undefined means any. */
  readonly genomeTypes?: readonly string[];
  /** Diversity mechanisms it supports. */
  readonly diversity: readonly string[];
  init(toolkit: Toolkit, options: Options): unknown;
  ask(state: unknown, toolkit: Toolkit, options: Options): Offspring[];
  tell(state: unknown, evaluated: Individual<unknown>[], toolkit: Toolkit, options: Options): void;
  report(state: unknown, toolkit: Toolkit, options: Options): AlgorithmReport;
};

/** Behaviour vector of an individual for novelty: its descriptors, else its objectives. */
export function behaviour(ind: Individual<unknown>): number[] {
  return ind.descriptors ?? ind.objectives;
}

/** Breeds one child from two parents with crossover then mutation, retrying under de-duplication. */
export function breed(toolkit: Toolkit, pick: () => [Individual<unknown>, Individual<unknown>]): Offspring[] {
  let last: Offspring[] = [];
  for (let attempt = 0; attempt < toolkit.maxTries; attempt++) {
    const [a, b] = pick();
    const [c1, c2] = toolkit.crossover(a.genome, b.genome);
    const kids = [toolkit.mutate(c1), toolkit.mutate(c2)].map((genome) => ({
      genome,
      parents: a.id === b.id ? [a.id] : [a.id, b.id],
      operator: toolkit.variationName,
    }));
    last = kids;
    const admitted = kids.filter((k) => toolkit.admit(k.genome));
    if (admitted.length > 0) return admitted;
  }
  return last; // converged: accept duplicates rather than stall
}

/** Initial genomes: the seeds first, then fresh ones, de-duplicated where possible. */
export function initialOffspring(toolkit: Toolkit, count: number): Offspring[] {
  const out: Offspring[] = [];
  for (const seed of toolkit.seeds.slice(0, count)) {
    toolkit.admit(seed);
    out.push({ genome: seed, parents: [], operator: 'seed' });
  }
  while (out.length < count) {
    let genome = toolkit.newGenome();
    for (let t = 1; t < toolkit.maxTries && !toolkit.admit(genome); t++) genome = toolkit.newGenome();
    out.push({ genome, parents: [], operator: toolkit.seeds.length > 0 ? 'seed-mutation' : 'random' });
  }
  return out;
}

/** Feasible-first comparison of two individuals on a scalar (lower is better). */
export function compareScalar(cvA: number, fA: number, cvB: number, fB: number): number {
  if (cvA > 0 || cvB > 0) return cvA - cvB;
  return fA - fB;
}
