import { sentences } from './split.ts';

/** Output-format rules: "respond with only the label", "nothing else", "no explanation", "exactly one of". */
export const FORMAT_RULE =
  /\b(?:only (?:the|one|a|with|return|output|respond)|just the|nothing else|no other text|no explanation|without (?:any )?(?:explanation|extra text|commentary)|exactly one (?:of|word)|a single (?:word|label)|one word)\b/i;

/** Requests for reasoning in the output: they break exact-match formats. */
export const EXPLAIN =
  /\b(?:explain|explanation of|your reasoning|reason for|step by step|justify|think out loud)\b/i;

/** Instructions that contradict themselves (a negated explain request is not one). */
export function explainRequested(text: string): boolean {
  return sentences(text).some(
    (s) => EXPLAIN.test(s) && !/\b(?:no|not|never|without|don't|do not)\b/i.test(s),
  );
}

/**
 * Share of instruction sentences (of three words or more) that contain none of the task's vocabulary:
 * off-topic text the simulated model is distracted by.
 */
export function irrelevantShare(text: string, vocabulary: readonly string[]): number {
  const all = sentences(text).filter((s) => s.split(/\s+/).length >= 3);
  if (all.length === 0) return 0;
  const isRelevant = (s: string) => {
    const lower = s.toLowerCase();
    return vocabulary.some((w) => lower.includes(w));
  };
  return all.filter((s) => !isRelevant(s)).length / all.length;
}

export function isIrrelevantSentence(s: string, vocabulary: readonly string[]): boolean {
  if (s.split(/\s+/).length < 3) return false;
  const lower = s.toLowerCase();
  return !vocabulary.some((w) => lower.includes(w));
}

/** Off-topic sentences a model sometimes adds when rewriting (the harmful edit). */
export const DISTRACTIONS = [
  'Remember that the weather on Tuesdays tends to be pleasant.',
  'Our company was founded by three friends who love hiking.',
  'Feel free to use a creative, playful tone in your answer.',
  'Bananas are an excellent source of potassium.',
] as const;
