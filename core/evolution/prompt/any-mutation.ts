/**
 * Picks one structural prompt mutation per child, by weight: phrase insertion, sentence deletion, few-shot
 * selection/ordering, or parameter mutation. The engine takes one mutation operator; this is the default one
 * for prompt genomes.
 */
import type { OptionSpec, Options } from '../registry.ts';
import type { Rng } from '../rng.ts';
import type { MutationOperator } from '../types.ts';
import { mutateFewShot } from './few-shot.ts';
import type { PromptGenome } from './genome.ts';
import { mutateParameters } from './parameter-mutation.ts';
import { DEFAULT_PHRASES, deleteSentence, insertPhrase } from './phrase-mutations.ts';

const DEFAULT_WEIGHTS = { 'phrase-insert': 1, 'phrase-delete': 1, 'few-shot': 1, parameter: 1 };

export type StructuralMutation = keyof typeof DEFAULT_WEIGHTS;

/** Options of the structural mutations, shared by every operator that applies them. */
export const structuralMutationOptions: readonly OptionSpec[] = [
  { name: 'phrases', type: 'object', description: 'phrase bank (default: phrase-bank.json)' },
  {
    name: 'eta',
    type: 'number',
    default: 20,
    min: 0,
    description: 'parameter mutation distribution index',
  },
];

export const isStructuralMutation = (kind: string): kind is StructuralMutation =>
  Object.hasOwn(DEFAULT_WEIGHTS, kind);

/** Applies one structural mutation (options `phrases` and `eta`); it changes the prompt at once. */
export function applyStructuralMutation(
  kind: StructuralMutation,
  genome: PromptGenome,
  rng: Rng,
  options: Options,
  genomeOptions: Options,
): PromptGenome {
  switch (kind) {
    case 'phrase-insert': {
      const phrases = (options.phrases as string[] | undefined) ?? DEFAULT_PHRASES;
      return insertPhrase(genome, rng, phrases, genomeOptions);
    }
    case 'phrase-delete':
      return deleteSentence(genome, rng, undefined, genomeOptions);
    case 'few-shot':
      return mutateFewShot(genome, rng, genomeOptions);
    case 'parameter':
      return mutateParameters(genome, rng, options.eta as number, genomeOptions);
  }
}

export const anyPromptMutation: MutationOperator<PromptGenome> = {
  name: 'prompt-any',
  description: 'applies one of phrase-insert, phrase-delete, few-shot, parameter, chosen by weight',
  genomeTypes: ['prompt'],
  options: [
    {
      name: 'weights',
      type: 'object',
      default: DEFAULT_WEIGHTS,
      description: 'relative weight of each operator, e.g. { "phrase-insert": 2, "parameter": 0 }',
    },
    ...structuralMutationOptions,
  ],
  apply(genome, rng, options, genomeOptions) {
    const weights = { ...DEFAULT_WEIGHTS, ...(options.weights as Record<string, number>) };
    const names = Object.keys(DEFAULT_WEIGHTS) as (keyof typeof DEFAULT_WEIGHTS)[];
    const total = names.reduce((a, n) => a + Math.max(0, weights[n] ?? 0), 0);
    let r = rng.float() * total;
    let pick = names[names.length - 1]!;
    for (const n of names) {
      r -= Math.max(0, weights[n] ?? 0);
      if (r < 0) {
        pick = n;
        break;
      }
    }
    return applyStructuralMutation(pick, genome, rng, options, genomeOptions);
  },
};
