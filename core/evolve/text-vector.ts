/**
 * CMA-ES's genome for prompts: a continuous vector that changes the text. After the sampling parameters
 * (temperature, topP) come one weight per sentence of the instruction (the first mutable message), one per
 * phrase of the phrase bank and one per candidate demonstration (the first selection cases); a sentence is kept,
 * a phrase added, when its weight is positive, and the demonstrations of highest positive weight become the
 * few-shot examples (at most maxFewShot). The original is the vector with every sentence at +½ and every phrase
 * and demonstration at −½, so CMA-ES starts from the prompt as written.
 */
import { ConfigError } from '../errors.ts';
import type { PromptGenome } from '../evolution/prompt/genome.ts';
import { DEFAULT_PHRASES } from '../evolution/prompt/phrase-mutations.ts';
import { placeholders, sentenceSpans } from '../evolution/prompt/text.ts';

export const PARAMETER_GENES = ['temperature', 'topP'] as const;

export type TextUnits = {
  message: number;
  sentences: string[];
  phrases: readonly string[];
  /** Selection positions that may become few-shot examples. */
  demos: number[];
  maxFewShot: number;
};

/**
 * |weight| of the original's units: kept sentences at +w, absent phrases and demonstrations at −w. Half the range:
 * CMA-ES's first steps (σ 0.3 of the range) flip about a fifth of them, enough to explore, not to scramble.
 */
const SEED_WEIGHT = 0.5;

/** Demonstrations CMA-ES weighs: the first selection cases (one weight each keeps the vector short). */
const MAX_DEMOS = 16;

/** The units CMA-ES weighs; a clear error when the prompt has no instruction it may change. */
export function textUnits(
  seed: PromptGenome,
  mutable: readonly string[],
  fewShot: { selection: number; maxFewShot: number },
  file = 'the prompt',
): TextUnits {
  const message = seed.messages.findIndex((m) => mutable.includes(m.role));
  if (message < 0) {
    throw new ConfigError(
      `cma-es cannot change the text of ${file}: no message has a mutable role (${mutable.join(', ')})`,
      {
        location: { file, field: '/evolution/mutable' },
        hint: 'make the instruction mutable (e.g. evolution.mutable: [system]) or use --algorithm nsga2',
      },
    );
  }
  const own = sentenceSpans(seed.messages[message]?.content ?? '').map((s) => s.text.trim());
  const phrases = DEFAULT_PHRASES.filter((p) => !own.includes(p));
  const demos =
    fewShot.maxFewShot > 0 ? Array.from({ length: Math.min(MAX_DEMOS, fewShot.selection) }, (_, i) => i) : [];
  return { message, sentences: own, phrases, demos, maxFewShot: fewShot.maxFewShot };
}

export function seedVector(seed: PromptGenome, units: TextUnits): number[] {
  return [
    seed.parameters.temperature ?? 1,
    seed.parameters.topP ?? 1,
    ...units.sentences.map(() => SEED_WEIGHT),
    ...units.phrases.map(() => -SEED_WEIGHT),
    ...units.demos.map(() => -SEED_WEIGHT),
  ];
}

export function vectorNames(units: TextUnits): string[] {
  return [
    ...PARAMETER_GENES,
    ...units.sentences.map((_, i) => `sentence${i}`),
    ...units.phrases.map((_, i) => `phrase${i}`),
    ...units.demos.map((_, i) => `demo${i}`),
  ];
}

/** The prompt a vector stands for (an instruction never ends up empty: the original's text then). */
export function decodeVector(v: readonly number[], seed: PromptGenome, units: TextUnits): PromptGenome {
  const parameters = { ...seed.parameters };
  PARAMETER_GENES.forEach((name, i) => {
    parameters[name] = v[i] as number;
  });
  const k = PARAMETER_GENES.length;
  // A sentence carrying a {{placeholder}} always stays: the template's inputs must survive.
  const kept = units.sentences.filter((s, i) => (v[k + i] ?? 1) > 0 || placeholders(s).length > 0);
  const added = units.phrases.filter((_, i) => (v[k + units.sentences.length + i] ?? -1) > 0);
  const text = [...kept, ...added].join('\n');
  const messages = seed.messages.map((m, i) =>
    i === units.message && text !== '' ? { ...m, content: text } : { ...m },
  );
  const d = k + units.sentences.length + units.phrases.length;
  const chosen = units.demos
    .map((pos, i) => ({ pos, w: v[d + i] ?? -1 }))
    .filter((x) => x.w > 0)
    .sort((a, b) => b.w - a.w || a.pos - b.pos)
    .slice(0, units.maxFewShot)
    .map((x) => x.pos);
  return { messages, fewShot: chosen.length > 0 ? chosen : seed.fewShot.slice(), parameters };
}
