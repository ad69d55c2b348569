/**
 * Edits every simulated task offers: the same generic moves a model makes whatever the task (drop a sentence off
 * the task's vocabulary, add a distraction, ask for reasoning). Tasks list them beside their own edits.
 */
import { DISTRACTIONS, explainRequested, isIrrelevantSentence } from './features.ts';
import { pick } from './hash-rng.ts';
import { sentences } from './split.ts';
import type { PromptEdit } from './task.ts';

/** The prompt with one more line at its end. */
export function withLine(text: string, line: string): string {
  return `${text.trimEnd()}\n${line}`;
}

/** Removes the first sentence that uses none of the task's vocabulary (helpful: it only distracts). */
export function removeIrrelevantEdit(vocabulary: readonly string[]): PromptEdit {
  return {
    name: 'remove-irrelevant',
    helpful: true,
    applies: (t) => sentences(t).some((s) => isIrrelevantSentence(s, vocabulary)),
    apply: (t) => {
      const all = sentences(t);
      const i = all.findIndex((s) => isIrrelevantSentence(s, vocabulary));
      return all.filter((_, j) => j !== i).join('\n');
    },
  };
}

export const ADD_DISTRACTION: PromptEdit = {
  name: 'add-distraction',
  helpful: false,
  applies: () => true,
  apply: (t, _f, u) => withLine(t, pick(DISTRACTIONS, u)),
};

export const ASK_FOR_REASONING: PromptEdit = {
  name: 'ask-for-reasoning',
  helpful: false,
  applies: (t) => !explainRequested(t),
  apply: (t) => withLine(t, 'Explain your reasoning before giving the label.'),
};
