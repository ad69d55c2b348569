/**
 * Types of the evolution engine. Conventions: every objective is MINIMISED (negate a score to maximise it);
 * `constraintViolation` is ≥ 0 with 0 meaning feasible; genomes are plain JSON values so that the whole engine
 * state can be checkpointed with JSON.stringify and restored bit-identically.
 */
import type { Options, Strategy } from './registry.ts';
import type { Rng } from './rng.ts';

/** A candidate the engine asks to be evaluated. `parents` are ids of the individuals it was bred from. */
export type Candidate<G> = {
  id: number;
  genome: G;
  parents: number[];
  generation: number;
  /** Which operators made it, e.g. `sbx+polynomial`, or `random` for the initial population. */
  operator: string;
};

/** What the caller tells back for one candidate. */
export type Evaluation = {
  id: number;
  /** Objective values, all minimised, all finite. */
  objectives: number[];
  /** Total constraint violation, ≥ 0; 0 or absent means feasible. */
  constraintViolation?: number;
  /** Behaviour descriptors for MAP-Elites and novelty (e.g. prompt length, style score). */
  descriptors?: number[];
};

export type Individual<G> = Candidate<G> & {
  objectives: number[];
  constraintViolation: number;
  descriptors?: number[];
};

/** A genome type: how to make a random genome, its canonical content key, and a distance between genomes. */
export type GenomeType<G = unknown> = Strategy & {
  /** A random genome; absent when only mutations of the seed genomes make sense (prompts). */
  random?(rng: Rng, options: Options): G;
  /** Canonical content key: equal keys ⇔ the same genome (used for de-duplication by content hash). */
  key(genome: G, options: Options): string;
  /** A distance in genome space (crowding replacement). */
  distance(a: G, b: G, options: Options): number;
  /** Checks a genome supplied by the user (e.g. a seed population); returns a problem message or undefined. */
  check(genome: unknown, options: Options): string | undefined;
};

export type CrossoverOperator<G = unknown> = Strategy & {
  /** Genome type names this operator works on. */
  readonly genomeTypes: readonly string[];
  /** Breeds two children from two parents. */
  apply(a: G, b: G, rng: Rng, options: Options, genomeOptions: Options): [G, G];
};

export type MutationOperator<G = unknown> = Strategy & {
  readonly genomeTypes: readonly string[];
  apply(genome: G, rng: Rng, options: Options, genomeOptions: Options): G;
};

/** The view of a population a selection scheme needs. Lower `score` is better; `compare(i, j) < 0` if i is better. */
export type SelectionPool = {
  size: number;
  score(i: number): number;
  compare(i: number, j: number): number;
};

export type SelectionScheme = Strategy & {
  /** Picks `count` indexes of the pool (with replacement). */
  select(pool: SelectionPool, count: number, rng: Rng, options: Options): number[];
};

/** Named strategy plus its options, as written in a run configuration. */
export type StrategyRef = { name: string; options?: Options };
