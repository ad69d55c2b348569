/**
 * The engine configuration of a prompt evolution, from the run settings: the prompt genome with the LLM and
 * structural operators named in `operators` (weights: rewrite and reflect 2, the others 1), de-duplication by
 * content hash, and the algorithm's options. CMA-ES works on continuous genes only, so with it the genome is
 * a vector that still changes the text: temperature, topP, then weights over the instruction's sentences and the
 * phrase bank (core/evolve/text-vector.ts).
 */
import type { EngineConfig } from '../evolution/engine.ts';
import type { PromptGenome } from '../evolution/prompt/genome.ts';
import { DEFAULT_MUTATION_WEIGHTS, MUTATION_KINDS } from '../evolution/prompt/llm-operators/index.ts';
import { algorithmPlan, PARAMETER_GENES } from './algorithm-plans.ts';
import type { EvolveSettings } from './settings.ts';
import { seedVector, textUnits, vectorNames } from './text-vector.ts';

/** Share of parent pairs recombined (EvoPrompt GA/DE, section crossover); the others are only mutated. */
export const CROSSOVER_PROBABILITY = 0.25;

const PARAMETER_BOUNDS: Record<(typeof PARAMETER_GENES)[number], [number, number]> = {
  temperature: [0, 2],
  topP: [0, 1],
};

export function engineConfigFor(
  settings: EvolveSettings,
  seed: PromptGenome,
  selectionSize: number,
): EngineConfig {
  const base = { seed: settings.seed, objectives: settings.objectives.length };
  const plan = algorithmPlan(settings.algorithm);
  if (plan.genome === 'vector') {
    const units = textUnits(seed, settings.mutable, {
      selection: selectionSize,
      maxFewShot: Math.min(settings.maxFewShot, selectionSize),
    });
    const weights = units.sentences.length + units.phrases.length + units.demos.length;
    return {
      ...base,
      algorithm: plan.engine(settings, false),
      genome: {
        type: 'real-vector',
        options: {
          lower: [...PARAMETER_GENES.map((g) => PARAMETER_BOUNDS[g][0]), ...Array(weights).fill(-1)],
          upper: [...PARAMETER_GENES.map((g) => PARAMETER_BOUNDS[g][1]), ...Array(weights).fill(1)],
          names: vectorNames(units),
        },
      },
      seeds: [seedVector(seed, units)],
    };
  }
  const ops = new Set(settings.operators);
  const weights: Record<string, number> = {};
  for (const k of MUTATION_KINDS) weights[k] = ops.has(k) ? Math.max(1, DEFAULT_MUTATION_WEIGHTS[k]) : 0;
  if (Object.values(weights).every((w) => w === 0)) weights.rewrite = 1;
  const crossWeights = {
    ga: ops.has('crossover') || ops.has('ga') ? 1 : 0,
    de: ops.has('de') ? 1 : 0,
    section: ops.has('section') ? 1 : 0,
  };
  const anyCross = crossWeights.ga + crossWeights.de + crossWeights.section > 0;
  const algorithm = plan.engine(settings, anyCross);
  return {
    ...base,
    algorithm,
    genome: {
      type: 'prompt',
      options: {
        datasetSize: selectionSize,
        maxFewShot: Math.min(settings.maxFewShot, selectionSize),
        mutableRoles: settings.mutable,
      },
    },
    // [issue 16] Recombination on a quarter of the pairs: at 0.9 most children were crossovers (the mutation
    // then adds no LLM edit), and reflection, the operator that reads the failures, bred few of them.
    crossover: anyCross
      ? { name: 'llm-crossover', options: { weights: crossWeights, probability: CROSSOVER_PROBABILITY } }
      : { name: 'none' },
    mutation: { name: 'llm-mix', options: { weights } },
    diversity: [{ name: 'dedup' }],
    seeds: [seed],
  };
}
