/**
 * Phrase insertion and deletion. Insertion adds a phrase from the phrase bank (`phrase-bank.json`, or the
 * `phrases` option) as a new section at a random boundary of a random mutable message, skipping phrases the
 * message already contains. Deletion removes one sentence of a random mutable message — never one holding a
 * `{{placeholder}}`, never the last one — optionally only sentences that come from the phrase bank.
 */
import type { Options } from '../registry.ts';
import type { Rng } from '../rng.ts';
import type { MutationOperator } from '../types.ts';
import { clonePrompt, mutableMessages, type PromptGenome } from './genome.ts';
import bank from './phrase-bank.json' with { type: 'json' };
import { joinSections, sentenceSpans, splitSections, tidy } from './text.ts';

export const DEFAULT_PHRASES: readonly string[] = bank.phrases;

function phrasesOf(options: Options): readonly string[] {
  return (options.phrases as string[] | undefined) ?? DEFAULT_PHRASES;
}

export function insertPhrase(
  genome: PromptGenome,
  rng: Rng,
  phrases: readonly string[],
  genomeOptions: Options,
) {
  const out = clonePrompt(genome);
  const targets = mutableMessages(out, genomeOptions);
  if (targets.length === 0) return out;
  const msg = out.messages[targets[rng.int(targets.length)]!]!;
  const fresh = phrases.filter((p) => !msg.content.includes(p));
  if (fresh.length === 0) return out;
  const phrase = fresh[rng.int(fresh.length)]!;
  const { sections, joiner } = splitSections(msg.content);
  const at = rng.int(sections.length + 1);
  sections.splice(at, 0, joiner === '' ? `${phrase}\n` : phrase);
  msg.content = joinSections(sections, joiner === '' ? '' : '\n\n');
  return out;
}

export function deleteSentence(
  genome: PromptGenome,
  rng: Rng,
  bankOnly: readonly string[] | undefined,
  genomeOptions: Options,
) {
  const out = clonePrompt(genome);
  const targets = mutableMessages(out, genomeOptions).filter((i) => {
    const spans = sentenceSpans(out.messages[i]!.content);
    return spans.length > 1;
  });
  if (targets.length === 0) return out;
  const msg = out.messages[targets[rng.int(targets.length)]!]!;
  const spans = sentenceSpans(msg.content).filter(
    (s) => !s.text.includes('{{') && (!bankOnly || bankOnly.some((p) => s.text.trim() === p)),
  );
  if (spans.length === 0) return out;
  const s = spans[rng.int(spans.length)]!;
  msg.content = tidy(msg.content.slice(0, s.start) + msg.content.slice(s.end));
  return out;
}

export const phraseInsertion: MutationOperator<PromptGenome> = {
  name: 'phrase-insert',
  description: 'inserts a phrase from the phrase bank as a new section of a mutable message',
  genomeTypes: ['prompt'],
  options: [
    { name: 'phrases', type: 'object', description: 'phrases to insert (default: phrase-bank.json)' },
  ],
  apply: (genome, rng, options, genomeOptions) =>
    insertPhrase(genome, rng, phrasesOf(options), genomeOptions),
};

export const phraseDeletion: MutationOperator<PromptGenome> = {
  name: 'phrase-delete',
  description: 'deletes one sentence (never a {{placeholder}}) of a mutable message',
  genomeTypes: ['prompt'],
  options: [
    {
      name: 'bankOnly',
      type: 'boolean',
      default: false,
      description: 'only delete sentences from the phrase bank',
    },
    {
      name: 'phrases',
      type: 'object',
      description: 'the phrase bank for bankOnly (default: phrase-bank.json)',
    },
  ],
  apply: (genome, rng, options, genomeOptions) =>
    deleteSentence(genome, rng, options.bankOnly ? phrasesOf(options) : undefined, genomeOptions),
};
