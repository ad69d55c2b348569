/**
 * What a prompt evolution does differently per algorithm, one entry each: the engine's algorithm and options,
 * whether it evolves the prompt genome or a continuous vector (CMA-ES), how its genome becomes a prompt genome,
 * and the behaviour descriptors it is told. A new algorithm registered in core/evolution/algorithms adds an
 * entry here; nothing else switches on the algorithm's name.
 */
import type { PromptGenome } from '../evolution/prompt/genome.ts';
import { descriptorsOf } from './genome-prompt.ts';
import { decodeVector, type TextUnits } from './text-vector.ts';

export { PARAMETER_GENES } from './text-vector.ts';

/** Bounds of instruction length (characters) and few-shot count for MAP-Elites' grid. */
export const DESCRIPTOR_AXES = (maxFewShot: number) => [
  { name: 'length', min: 0, max: 2000, bins: 8 },
  { name: 'fewShot', min: 0, max: maxFewShot + 1, bins: maxFewShot + 1 },
];

export type PlanSettings = { population: number; maxFewShot: number; mutable: readonly string[] };

export type AlgorithmPlan = {
  /**
   * `prompt`: the whole prompt genome; `vector`: a continuous vector (sampling parameters, then weights over the
   * instruction's sentences and the phrase bank: core/evolve/text-vector.ts).
   */
  genome: 'prompt' | 'vector';
  /** The engine's algorithm (a name in core/evolution/algorithms) and its options. */
  engine(settings: PlanSettings, crossover: boolean): { name: string; options: Record<string, unknown> };
  /** Behaviour descriptors told with each evaluation (quality-diversity archives). */
  descriptors?: (g: PromptGenome, mutable: readonly string[]) => number[];
};

const PLANS = {
  nsga2: { genome: 'prompt', engine: (s) => ({ name: 'nsga2', options: { populationSize: s.population } }) },
  'map-elites': {
    genome: 'prompt',
    engine: (s, crossover) => ({
      name: 'map-elites',
      options: {
        descriptors: DESCRIPTOR_AXES(s.maxFewShot),
        batchSize: s.population,
        initialBatch: s.population,
        crossoverRate: crossover ? 0.3 : 0,
      },
    }),
    descriptors: descriptorsOf,
  },
  'cma-es': {
    genome: 'vector',
    engine: (s) => ({ name: 'cma-es', options: { populationSize: s.population } }),
  },
  ga: {
    genome: 'prompt',
    engine: (s) => ({ name: 'ga', options: { populationSize: s.population, elites: 1 } }),
  },
  // The baseline: the same operators applied to the original only, with the same budget.
  random: {
    genome: 'prompt',
    engine: (s) => ({ name: 'random', options: { populationSize: s.population } }),
  },
} satisfies Record<string, AlgorithmPlan>;

export type AlgorithmName = keyof typeof PLANS;
export const ALGORITHMS = Object.keys(PLANS) as AlgorithmName[];

export function algorithmPlan(name: AlgorithmName): AlgorithmPlan {
  return PLANS[name];
}

/** The engine's genome as a prompt genome: itself, or the prompt the vector stands for. */
export function promptGenomeOf(
  plan: AlgorithmPlan,
  g: unknown,
  seed: PromptGenome,
  units: TextUnits | undefined,
): PromptGenome {
  if (plan.genome === 'prompt' || !units) return g as PromptGenome;
  return decodeVector(g as number[], seed, units);
}
