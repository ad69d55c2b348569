/**
 * MAP-Elites (Mouret & Clune 2015). A grid archive over user-chosen behaviour descriptors, each with bounds and a
 * number of bins; every cell keeps its best individual (the elite: feasible first, then the lowest first
 * objective). Each generation breeds a batch from uniformly chosen elites (mutation, and crossover with a second
 * elite at `crossoverRate`). Descriptors outside the bounds fall into the edge bins.
 * Metrics: coverage = filled cells / all cells; QD-score = Σ over feasible elites of (qdOffset − f), i.e. the
 * summed quality with objectives minimised (set qdOffset to an upper bound of f so every term is positive).
 */
import { ConfigError } from '../../errors.ts';
import type { Options } from '../registry.ts';
import type { Individual } from '../types.ts';
import { type Algorithm, compareScalar, initialOffspring, type Offspring } from './algorithm.ts';

export type DescriptorAxis = { name?: string; min: number; max: number; bins: number };

type MapElitesState = {
  /** One slot per grid cell (row-major over the descriptor axes); null = empty. */
  cells: (Individual<unknown> | null)[];
  started: boolean;
};

export function descriptorAxes(options: Options): DescriptorAxis[] {
  const axes = options.descriptors as DescriptorAxis[];
  if (!Array.isArray(axes) || axes.length === 0) {
    throw new ConfigError("map-elites: option 'descriptors' must list at least one {min, max, bins} axis");
  }
  axes.forEach((a, i) => {
    if (
      !(
        Number.isFinite(a.min) &&
        Number.isFinite(a.max) &&
        a.min < a.max &&
        Number.isInteger(a.bins) &&
        a.bins > 0
      )
    ) {
      throw new ConfigError(`map-elites: descriptors[${i}] needs finite min < max and an integer bins ≥ 1`, {
        hint: 'e.g. { "name": "length", "min": 0, "max": 2000, "bins": 10 }',
      });
    }
  });
  return axes;
}

/** Cell index of a descriptor vector (row-major; clamped into the grid). */
export function cellIndex(axes: readonly DescriptorAxis[], descriptors: readonly number[]): number {
  let index = 0;
  for (let d = 0; d < axes.length; d++) {
    const a = axes[d]!;
    const v = descriptors[d]!;
    const bin = Math.min(a.bins - 1, Math.max(0, Math.floor(((v - a.min) / (a.max - a.min)) * a.bins)));
    index = index * a.bins + bin;
  }
  return index;
}

function better(a: Individual<unknown>, b: Individual<unknown>): boolean {
  return compareScalar(a.constraintViolation, a.objectives[0]!, b.constraintViolation, b.objectives[0]!) < 0;
}

export const mapElites: Algorithm = {
  name: 'map-elites',
  description: 'MAP-Elites: a grid archive over behaviour descriptors keeping the best individual per cell',
  diversity: ['dedup'],
  options: [
    {
      name: 'descriptors',
      type: 'object',
      required: true,
      description: 'grid axes: [{ name?, min, max, bins }] in the order of the evaluation descriptors',
    },
    { name: 'batchSize', type: 'integer', default: 100, min: 1, description: 'children bred per generation' },
    {
      name: 'initialBatch',
      type: 'integer',
      description: 'size of the first (random) batch (default batchSize)',
    },
    {
      name: 'crossoverRate',
      type: 'number',
      default: 0,
      min: 0,
      max: 1,
      description: 'chance to cross two elites',
    },
    {
      name: 'qdOffset',
      type: 'number',
      default: 0,
      description: 'QD-score adds (qdOffset − f) per feasible elite',
    },
  ],
  init(_toolkit, options): MapElitesState {
    const axes = descriptorAxes(options);
    const total = axes.reduce((p, a) => p * a.bins, 1);
    if (total > 10_000_000)
      throw new ConfigError(`map-elites: ${total} cells is too many (at most 10,000,000)`);
    return { cells: new Array(total).fill(null), started: false };
  },

  ask(state, toolkit, options): Offspring[] {
    const s = state as MapElitesState;
    const batch = options.batchSize as number;
    const elites = s.cells.filter((c): c is Individual<unknown> => c !== null);
    if (!s.started || elites.length === 0) {
      s.started = true;
      return initialOffspring(toolkit, (options.initialBatch as number | undefined) ?? batch);
    }
    const rate = options.crossoverRate as number;
    const out: Offspring[] = [];
    while (out.length < batch) {
      let child: Offspring | undefined;
      for (let attempt = 0; attempt < toolkit.maxTries; attempt++) {
        const a = elites[toolkit.rng.int(elites.length)]!;
        let genome = a.genome;
        const parents = [a.id];
        let operator = toolkit.variationName.split('+').pop() ?? 'mutation';
        if (rate > 0 && toolkit.rng.float() < rate) {
          const b = elites[toolkit.rng.int(elites.length)]!;
          genome = toolkit.crossover(a.genome, b.genome)[0];
          if (b.id !== a.id) parents.push(b.id);
          operator = toolkit.variationName;
        }
        child = { genome: toolkit.mutate(genome), parents, operator };
        if (toolkit.admit(child.genome)) break;
      }
      out.push(child!);
    }
    return out;
  },

  tell(state, evaluated, _toolkit, options) {
    const s = state as MapElitesState;
    const axes = descriptorAxes(options);
    for (const ind of evaluated) {
      if (!ind.descriptors || ind.descriptors.length !== axes.length) {
        throw new ConfigError(
          `map-elites: evaluation ${ind.id} must carry ${axes.length} descriptors, got ${ind.descriptors?.length ?? 0}`,
        );
      }
      const c = cellIndex(axes, ind.descriptors);
      const current = s.cells[c];
      if (!current || better(ind, current)) s.cells[c] = ind;
    }
  },

  report(state, _toolkit, options) {
    const s = state as MapElitesState;
    const elites = s.cells.filter((c): c is Individual<unknown> => c !== null);
    const offset = options.qdOffset as number;
    let qd = 0;
    let best: Individual<unknown> | undefined;
    for (const e of elites) {
      if (e.constraintViolation === 0) qd += offset - e.objectives[0]!;
      if (!best || better(e, best)) best = e;
    }
    const metrics: Record<string, number> = {
      coverage: elites.length / s.cells.length,
      filledCells: elites.length,
      cells: s.cells.length,
      qdScore: qd,
    };
    if (best) metrics.bestFitness = best.objectives[0]!;
    return { population: elites, best: elites, metrics, done: false };
  },
};
