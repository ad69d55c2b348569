/**
 * LLM-driven prompt operators for the engine's registries: the `prompt` genome type with pending proposals,
 * the `llm-mix` mutation and the `llm-crossover` recombination. Register them with
 * `createEngine(config, llmOperatorRegistries())`; the run loop (`evaluator/evolve/`) resolves the proposals.
 */
import type { Registries } from '../../engine.ts';
import { genomeTypes } from '../../genomes/index.ts';
import { crossovers, mutations } from '../../operators/index.ts';
import type { CrossoverOperator, GenomeType, MutationOperator } from '../../types.ts';
import { llmCrossover } from './llm-crossover.ts';
import { proposalPromptGenome } from './llm-genome.ts';
import { llmMixMutation } from './llm-mutation.ts';

export { CROSSOVER_KINDS, llmCrossover } from './llm-crossover.ts';
export { proposalPromptGenome } from './llm-genome.ts';
export {
  DEFAULT_MUTATION_WEIGHTS,
  llmMixMutation,
  MUTATION_KINDS,
  type MutationKind,
} from './llm-mutation.ts';
export * from './meta-prompt.ts';
export * from './proposal.ts';

/** The default registries plus the proposal-aware prompt genome and the LLM operators. */
export function llmOperatorRegistries(): Partial<Registries> {
  return {
    genomeTypes: genomeTypes.with(proposalPromptGenome as GenomeType<unknown>),
    crossovers: crossovers.with(llmCrossover as CrossoverOperator<unknown>),
    mutations: mutations.with(llmMixMutation as MutationOperator<unknown>),
  };
}
