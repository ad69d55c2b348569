/**
 * Picks one structural prompt mutation per child, by weight: phrase insertion, sentence deletion, few-shot
 * selection/ordering, or parameter mutation. The engine takes one mutation operator; this is the default one
 * for prompt genomes.
 */
import type { MutationOperator } from '../types.ts';
import { mutateFewShot } from './few-shot.ts';
import type { PromptGenome } from './genome.ts';
import { mutateParameters } from './parameter-mutation.ts';
import { DEFAULT_PHRASES, deleteSentence, insertPhrase } from './phrase-mutations.ts';

const DEFAULT_WEIGHTS = { 'phrase-insert': 1, 'phrase-delete': 1, 'few-shot': 1, parameter: 1 };

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
    { name: 'phrases', type: 'object', description: 'phrase bank (default: phrase-bank.json)' },
    {
      name: 'eta',
      type: 'number',
      default: 20,
      min: 0,
      description: 'parameter mutation distribution index',
    },
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
    const phrases = (options.phrases as string[] | undefined) ?? DEFAULT_PHRASES;
    switch (pick) {
      case 'phrase-insert':
        return insertPhrase(genome, rng, phrases, genomeOptions);
      case 'phrase-delete':
        return deleteSentence(genome, rng, undefined, genomeOptions);
      case 'few-shot':
        return mutateFewShot(genome, rng, genomeOptions);
      default:
        return mutateParameters(genome, rng, options.eta as number, genomeOptions);
    }
  },
};
