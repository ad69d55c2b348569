/**
 * The evolution engine's public API: the ask/tell engine and its snapshots, the strategy registries, and the
 * building blocks (non-dominated sorting, crowding distance, hypervolume, operators, the seeded generator).
 * See docs/evolution-engine.md.
 */
export type { Algorithm, AlgorithmReport, Offspring, Toolkit } from './algorithms/algorithm.ts';
export { algorithms } from './algorithms/index.ts';
export { cellIndex, type DescriptorAxis } from './algorithms/map-elites.ts';
export { contentHash } from './diversity/dedup.ts';
export { diversityMechanisms } from './diversity/index.ts';
export { noveltyScores } from './diversity/novelty.ts';
export {
  createEngine,
  defaultRegistries,
  ENGINE_STATE_FORMAT,
  type Engine,
  type EngineConfig,
  type EngineReport,
  type EngineState,
  type Evaluate,
  type Registries,
  restoreEngine,
  runEngine,
  runEngineSync,
} from './engine.ts';
export { genomeTypes } from './genomes/index.ts';
export { type RealVector, realVector } from './genomes/real-vector.ts';
export { crossovers, mutations } from './operators/index.ts';
export { polynomialGene } from './operators/polynomial-mutation.ts';
export { sbx, sbxGene } from './operators/sbx.ts';
export { crowdingDistances } from './pareto/crowding-distance.ts';
export { constrainedDominates, dominates } from './pareto/dominance.ts';
export { hypervolume } from './pareto/hypervolume.ts';
export {
  constrainedRanks,
  flatten,
  frontsOf,
  nonDominatedRanks,
  nonDominatedRanksFlat,
} from './pareto/non-dominated-sort.ts';
export { dtlz2, sphere, zdt1, zdt1TrueHypervolume, zdt2 } from './problems/zdt.ts';
export { clonePrompt, promptGenome } from './prompt/genome.ts';
export {
  DEFAULT_PHRASES,
  type PromptGenome,
  type PromptMessage,
  type PromptParameters,
  placeholders,
  promptCrossovers,
  promptGenomeTypes,
  promptMutations,
  splitSections,
} from './prompt/index.ts';
export {
  createRegistry,
  describeRegistry,
  type OptionSpec,
  type Options,
  type Registry,
  resolveOptions,
  type Strategy,
} from './registry.ts';
export { createRng, type Rng, type RngState, rngFromState, shuffle } from './rng.ts';
export { selectionSchemes } from './selection/index.ts';
export type * from './types.ts';
