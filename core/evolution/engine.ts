/**
 * The evolution engine: an ask/tell loop with no I/O. `ask()` returns the next batch of candidates; the caller
 * evaluates them however it likes (in parallel, remotely, from a cache) and `tell()`s the results back. The whole
 * state — configuration, generator words, algorithm state, pending batch — is a JSON value (`snapshot()`), and
 * `restoreEngine(snapshot)` continues exactly where it stopped: same seed, same run, interrupted or not.
 */
import { ConfigError, ValidationError } from '../errors.ts';
import type { Algorithm, AlgorithmReport, Toolkit } from './algorithms/algorithm.ts';
import { algorithms as defaultAlgorithms } from './algorithms/index.ts';
import { checkEvaluation } from './check-evaluation.ts';
import { contentHash } from './diversity/dedup.ts';
import { diversityMechanisms as defaultDiversity } from './diversity/index.ts';
import { noveltyScores, updateArchive } from './diversity/novelty.ts';
import { genomeTypes as defaultGenomeTypes } from './genomes/index.ts';
import { checkRealBounds } from './genomes/real-vector.ts';
import { crossovers as defaultCrossovers, mutations as defaultMutations } from './operators/index.ts';
import { type Options, type Registry, resolveOptions, type Strategy } from './registry.ts';
import { type RngState, rngFromState, seedState } from './rng.ts';
import { selectionSchemes as defaultSelection } from './selection/index.ts';
import type {
  Candidate,
  CrossoverOperator,
  Evaluation,
  GenomeType,
  Individual,
  MutationOperator,
  SelectionScheme,
  StrategyRef,
} from './types.ts';

export type EngineConfig = {
  /** Seed of the one generator every random choice comes from. */
  seed: number;
  /** Number of objectives (all minimised). */
  objectives: number;
  algorithm: StrategyRef;
  genome: { type: string; options?: Options };
  /** Defaults: `sbx` for real vectors. `none` disables crossover (children copy their first parent). */
  crossover?: StrategyRef;
  /** Default: `polynomial` for real vectors. */
  mutation?: StrategyRef;
  /** Default: binary `tournament`. */
  selection?: StrategyRef;
  diversity?: StrategyRef[];
  /** Genomes to start from (e.g. the human-written prompt); they enter the first batch unchanged. */
  seeds?: unknown[];
};

export type Registries = {
  algorithms: Registry<Algorithm>;
  genomeTypes: Registry<GenomeType<unknown>>;
  crossovers: Registry<CrossoverOperator<unknown>>;
  mutations: Registry<MutationOperator<unknown>>;
  selectionSchemes: Registry<SelectionScheme>;
  diversity: Registry<Strategy>;
};

export const defaultRegistries: Registries = {
  algorithms: defaultAlgorithms,
  genomeTypes: defaultGenomeTypes,
  crossovers: defaultCrossovers,
  mutations: defaultMutations,
  selectionSchemes: defaultSelection,
  diversity: defaultDiversity,
};

export const ENGINE_STATE_FORMAT = 'evohub.evolution-engine/1';

/** Everything needed to continue a run. Plain JSON: store it with JSON.stringify. */
export type EngineState = {
  format: typeof ENGINE_STATE_FORMAT;
  config: EngineConfig;
  rng: RngState;
  /** Completed generations (tells). */
  generation: number;
  evaluations: number;
  nextId: number;
  /** The batch asked and not yet told (asked again after a restore, unchanged). */
  pending: Candidate<unknown>[] | null;
  /** Content hashes seen (de-duplication). */
  seen: string[];
  noveltyArchive: number[][];
  algorithm: unknown;
};

export type EngineReport = AlgorithmReport & { generation: number; evaluations: number };

export type Engine = {
  /** The next batch to evaluate. Asking again before telling returns the same batch. Empty when done. */
  ask(): Candidate<unknown>[];
  /** Results for every candidate of the pending batch (any order). */
  tell(evaluations: readonly Evaluation[]): void;
  report(): EngineReport;
  /** A deep copy of the full state, JSON-safe. */
  snapshot(): EngineState;
  readonly generation: number;
  readonly evaluations: number;
};

const DEFAULT_VARIATION: Record<string, { crossover: string; mutation: string }> = {
  'real-vector': { crossover: 'sbx', mutation: 'polynomial' },
  prompt: { crossover: 'section', mutation: 'prompt-any' },
};

type Bound = {
  toolkit: Toolkit;
  algorithm: Algorithm;
  algorithmOptions: Options;
  /** Keeps only these content hashes as seen (de-duplication scoped to the population). */
  pruneSeen(keep: ReadonlySet<string>): void;
};

function bind(config: EngineConfig, state: EngineState, reg: Registries): Bound {
  const where = (field: string) => ({ file: '(engine config)', field });
  const genomeType = reg.genomeTypes.get(config.genome.type);
  const genomeOptions = resolveOptions('genome type', genomeType, config.genome.options);
  if (genomeType.name === 'real-vector') {
    const problem = checkRealBounds(genomeOptions);
    if (problem) throw new ConfigError(`genome: ${problem}`, { location: where('/genome/options') });
  }
  const algorithm = reg.algorithms.get(config.algorithm.name);
  const algorithmOptions = resolveOptions('algorithm', algorithm, config.algorithm.options);
  if (algorithm.genomeTypes && !algorithm.genomeTypes.includes(genomeType.name)) {
    throw new ConfigError(
      `algorithm '${algorithm.name}' works on ${algorithm.genomeTypes.join(', ')} genomes`,
      {
        location: where('/genome/type'),
      },
    );
  }
  if (!Number.isInteger(config.objectives) || config.objectives < 1) {
    throw new ConfigError('objectives must be a positive integer', { location: where('/objectives') });
  }
  const defaults = DEFAULT_VARIATION[genomeType.name];
  const crossRef = config.crossover ?? (defaults ? { name: defaults.crossover } : { name: 'none' });
  const mutRef = config.mutation ?? (defaults ? { name: defaults.mutation } : undefined);
  if (!mutRef) throw new ConfigError(`genome type '${genomeType.name}' needs a mutation operator`);
  const crossover = crossRef.name === 'none' ? undefined : reg.crossovers.get(crossRef.name);
  const crossOptions = crossover ? resolveOptions('crossover', crossover, crossRef.options) : {};
  const mutation = reg.mutations.get(mutRef.name);
  const mutOptions = resolveOptions('mutation', mutation, mutRef.options);
  for (const op of [crossover, mutation]) {
    if (op && !op.genomeTypes.includes(genomeType.name)) {
      throw new ConfigError(`operator '${op.name}' does not work on '${genomeType.name}' genomes`, {
        hint: `it works on: ${op.genomeTypes.join(', ')}`,
      });
    }
  }
  const selRef = config.selection ?? { name: 'tournament' };
  const selection = reg.selectionSchemes.get(selRef.name);
  const selOptions = resolveOptions('selection scheme', selection, selRef.options);
  const diversity = new Map<string, Options>();
  for (const d of config.diversity ?? []) {
    const mech = reg.diversity.get(d.name);
    if (!algorithm.diversity.includes(mech.name)) {
      throw new ConfigError(
        `algorithm '${algorithm.name}' does not support diversity mechanism '${mech.name}'`,
        {
          hint: `it supports: ${algorithm.diversity.join(', ') || '(none)'}`,
        },
      );
    }
    diversity.set(mech.name, resolveOptions('diversity mechanism', mech, d.options));
  }
  const seeds = config.seeds ?? [];
  if (!genomeType.random && seeds.length === 0) {
    throw new ConfigError(`genome type '${genomeType.name}' needs seed genomes to start from`, {
      location: where('/seeds'),
    });
  }
  seeds.forEach((g, i) => {
    const problem = genomeType.check(g, genomeOptions);
    if (problem)
      throw new ValidationError([{ location: where(`/seeds/${i}`), message: `seed genome: ${problem}` }]);
  });

  // The generator is rebuilt from the state words on every bind; the toolkit reads them back after each call.
  const rng = rngFromState(state.rng);
  const dedupOptions = diversity.get('dedup');
  const seen = new Set(state.seen);
  const novOptions = diversity.get('novelty');
  const toolkit: Toolkit = {
    rng,
    objectives: config.objectives,
    genomeType: genomeType.name,
    genomeOptions,
    seeds,
    newGenome: () => {
      if (seeds.length > 0)
        return mutation.apply(seeds[rng.int(seeds.length)], rng, mutOptions, genomeOptions);
      return genomeType.random!(rng, genomeOptions);
    },
    key: (g) => genomeType.key(g, genomeOptions),
    distance: (a, b) => genomeType.distance(a, b, genomeOptions),
    crossover: (a, b) =>
      crossover
        ? crossover.apply(a, b, rng, crossOptions, genomeOptions)
        : [structuredClone(a), structuredClone(b)],
    mutate: (g) => mutation.apply(g, rng, mutOptions, genomeOptions),
    variationName: crossover ? `${crossover.name}+${mutation.name}` : mutation.name,
    select: (pool, count) => selection.select(pool, count, rng, selOptions),
    diversity,
    admit: (g) => {
      if (!dedupOptions) return true;
      const h = contentHash(genomeType.key(g, genomeOptions));
      if (seen.has(h)) return false;
      seen.add(h);
      state.seen.push(h);
      return true;
    },
    maxTries: dedupOptions ? (dedupOptions.maxTries as number) : 1,
    novelty: (behaviours) => {
      if (!novOptions) return behaviours.map(() => 0);
      const scores = noveltyScores(behaviours, state.noveltyArchive, novOptions.k as number);
      updateArchive(
        state.noveltyArchive,
        behaviours,
        novOptions.archiveProbability as number,
        novOptions.archiveSize as number,
        rng,
      );
      return scores;
    },
  };
  const pruneSeen = (keep: ReadonlySet<string>) => {
    state.seen = state.seen.filter((h) => keep.has(h));
    seen.clear();
    for (const h of state.seen) seen.add(h);
  };
  return { toolkit, algorithm, algorithmOptions, pruneSeen };
}

function engineFrom(state: EngineState, reg: Registries): Engine {
  const bound = bind(state.config, state, reg);
  const { toolkit, algorithm, algorithmOptions } = bound;
  const syncRng = () => {
    state.rng = toolkit.rng.state();
  };
  return {
    get generation() {
      return state.generation;
    },
    get evaluations() {
      return state.evaluations;
    },
    ask() {
      if (state.pending) return structuredClone(state.pending);
      const offspring = algorithm.ask(state.algorithm, toolkit, algorithmOptions);
      syncRng();
      if (offspring.length === 0) return [];
      state.pending = offspring.map((o) => ({
        id: state.nextId++,
        genome: o.genome,
        parents: o.parents,
        generation: state.generation,
        operator: o.operator,
      }));
      return structuredClone(state.pending);
    },
    tell(evaluations) {
      if (!state.pending) throw new ConfigError('tell() without a pending batch: call ask() first');
      const byId = new Map(state.pending.map((c) => [c.id, c]));
      const given = new Map<number, Evaluation>();
      for (const e of evaluations) {
        checkEvaluation(e, state.config.objectives, byId);
        given.set(e.id, e);
      }
      const missing = state.pending.filter((c) => !given.has(c.id)).map((c) => c.id);
      if (missing.length > 0) {
        throw new ValidationError([
          {
            location: { file: '(evaluations)' },
            message: `missing evaluations for candidates ${missing.slice(0, 10).join(', ')}`,
          },
        ]);
      }
      // Tell in ask order, with copies, so that the caller's objects never alias the engine state.
      const individuals: Individual<unknown>[] = state.pending.map((c) => {
        const e = given.get(c.id)!;
        const ind: Individual<unknown> = {
          ...c,
          objectives: e.objectives.slice(),
          constraintViolation: e.constraintViolation ?? 0,
        };
        if (e.descriptors) ind.descriptors = e.descriptors.slice();
        return ind;
      });
      algorithm.tell(state.algorithm, individuals, toolkit, algorithmOptions);
      syncRng();
      state.evaluations += individuals.length;
      state.generation += 1;
      state.pending = null;
      const dedup = toolkit.diversity.get('dedup');
      if (dedup?.scope === 'population') {
        // Only the surviving population and future batches count as seen.
        const report = algorithm.report(state.algorithm, toolkit, algorithmOptions);
        const keep = new Set(report.population.map((p) => contentHash(toolkit.key(p.genome))));
        bound.pruneSeen(keep);
      }
    },
    report() {
      const r = algorithm.report(state.algorithm, toolkit, algorithmOptions);
      return structuredClone({ ...r, generation: state.generation, evaluations: state.evaluations });
    },
    snapshot: () => structuredClone(state),
  };
}

function mergeRegistries(extra: Partial<Registries> | undefined): Registries {
  return { ...defaultRegistries, ...extra };
}

/** A new engine. Pass `registries` to add custom genome types, operators or algorithms. */
export function createEngine(config: EngineConfig, registries?: Partial<Registries>): Engine {
  const reg = mergeRegistries(registries);
  const state: EngineState = {
    format: ENGINE_STATE_FORMAT,
    config: structuredClone(config),
    rng: seedState(config.seed),
    generation: 0,
    evaluations: 0,
    nextId: 0,
    pending: null,
    seen: [],
    noveltyArchive: [],
    algorithm: null,
  };
  const { toolkit, algorithm, algorithmOptions } = bind(state.config, state, reg);
  state.algorithm = algorithm.init(toolkit, algorithmOptions);
  state.rng = toolkit.rng.state();
  return engineFrom(state, reg);
}

/** Continues a run from a snapshot (e.g. parsed from a checkpoint). */
export function restoreEngine(snapshot: EngineState, registries?: Partial<Registries>): Engine {
  if (snapshot?.format !== ENGINE_STATE_FORMAT) {
    throw new ConfigError(`not an engine snapshot (format ${JSON.stringify(snapshot?.format)})`, {
      hint: `expected format '${ENGINE_STATE_FORMAT}'`,
    });
  }
  return engineFrom(structuredClone(snapshot), mergeRegistries(registries));
}

export type Evaluate = (candidates: Candidate<unknown>[]) => Evaluation[] | Promise<Evaluation[]>;

/** Convenience loop: ask, evaluate, tell for `generations` generations (or until the algorithm is done). */
export async function runEngine(
  engine: Engine,
  evaluate: Evaluate,
  generations: number,
): Promise<EngineReport> {
  for (let g = 0; g < generations; g++) {
    const batch = engine.ask();
    if (batch.length === 0) break;
    engine.tell(await evaluate(batch));
  }
  return engine.report();
}

/** Synchronous variant of `runEngine` for CPU-only problems. */
export function runEngineSync(
  engine: Engine,
  evaluate: (candidates: Candidate<unknown>[]) => Evaluation[],
  generations: number,
): EngineReport {
  for (let g = 0; g < generations; g++) {
    const batch = engine.ask();
    if (batch.length === 0) break;
    engine.tell(evaluate(batch));
  }
  return engine.report();
}
