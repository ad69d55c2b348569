/** Structural prompt operators (no LLM): the `prompt` genome type, section crossover and four mutations. */
import type { CrossoverOperator, GenomeType, MutationOperator } from '../types.ts';
import { anyPromptMutation } from './any-mutation.ts';
import { fewShotMutation } from './few-shot.ts';
import { promptGenome } from './genome.ts';
import { parameterMutation } from './parameter-mutation.ts';
import { phraseDeletion, phraseInsertion } from './phrase-mutations.ts';
import { sectionCrossover } from './section-crossover.ts';

export type { PromptGenome, PromptMessage, PromptParameters } from './genome.ts';
export { DEFAULT_PHRASES } from './phrase-mutations.ts';
export { placeholders, splitSections } from './text.ts';

export const promptGenomeTypes: GenomeType<unknown>[] = [promptGenome as GenomeType<unknown>];
export const promptCrossovers: CrossoverOperator<unknown>[] = [
  sectionCrossover as CrossoverOperator<unknown>,
];
export const promptMutations: MutationOperator<unknown>[] = [
  anyPromptMutation,
  phraseInsertion,
  phraseDeletion,
  fewShotMutation,
  parameterMutation,
] as MutationOperator<unknown>[];
