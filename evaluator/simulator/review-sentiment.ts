import { explainRequested, FORMAT_RULE, irrelevantShare } from './features.ts';
import { clamp, pick } from './hash-rng.ts';
import { ADD_DISTRACTION, ASK_FOR_REASONING, removeIrrelevantEdit, withLine } from './shared-edits.ts';
import type { PromptEdit, SimContext, SimTask } from './task.ts';

/**
 * Product-review sentiment with labels in capitals. Its hidden rules differ from the other tasks': the labels
 * must be written in upper case (the model writes them in lower case unless the instructions show them so),
 * MIXED (praise and complaint together) is only understood with a hint or examples of it, and NEUTRAL reviews
 * are often read as positive.
 */
export const SENTIMENT_LABELS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

const PRAISE = ['love', 'great', 'excellent', 'works perfectly', 'fantastic', 'well made', 'happy with'];
const COMPLAINT = [
  'broke',
  'terrible',
  'disappointed',
  'waste of money',
  'stopped working',
  'awful',
  'flimsy',
];

function hits(text: string, words: readonly string[]): number {
  const lower = text.toLowerCase();
  return words.filter((w) => lower.includes(w)).length;
}

/** The ground truth: praise and complaint → MIXED, one of them → POSITIVE/NEGATIVE, neither → NEUTRAL. */
export function sentimentTruth(review: string): SentimentLabel {
  const p = hits(review, PRAISE);
  const c = hits(review, COMPLAINT);
  if (p > 0 && c > 0) return 'MIXED';
  if (p > 0) return 'POSITIVE';
  if (c > 0) return 'NEGATIVE';
  return 'NEUTRAL';
}

export const SENTIMENT_VOCABULARY = [
  'review',
  'sentiment',
  'customer',
  'product',
  'label',
  'classif',
  'answer',
  'respond',
  'output',
  'example',
  'positive',
  'negative',
  'neutral',
  'mixed',
  'opinion',
  'feel',
  'praise',
  'complain',
];

const EXAMPLE_RE =
  /^(?:[-*]\s*)?(?:(?:review|example|input)\s*:\s*)?["“]?(.{8,}?)["”]?\s*(?:->|=>|→)\s*["“]?(positive|negative|neutral|mixed)["”]?\.?\s*$/gim;

export type SentimentFeatures = {
  /** Labels written in capitals in the instructions. */
  upperStated: SentimentLabel[];
  taskStated: boolean;
  formatRule: boolean;
  explain: boolean;
  mixedHint: boolean;
  neutralHint: boolean;
  goodExamples: SentimentLabel[];
  badExamples: number;
  irrelevant: number;
};

export function sentimentFeatures(instructions: string): SentimentFeatures {
  const lower = instructions.toLowerCase();
  const good = new Set<SentimentLabel>();
  let bad = 0;
  for (const m of instructions.matchAll(EXAMPLE_RE)) {
    const label = (m[2] as string).toUpperCase() as SentimentLabel;
    if (sentimentTruth(m[1] as string) === label) good.add(label);
    else bad++;
  }
  return {
    upperStated: SENTIMENT_LABELS.filter((l) => new RegExp(`\\b${l}\\b`).test(instructions)),
    taskStated: /review/.test(lower) && /sentiment|classif|label|feel|opinion/.test(lower),
    formatRule: FORMAT_RULE.test(instructions),
    explain: explainRequested(instructions),
    mixedHint:
      /(?:both|and)[^.\n]{0,60}(?:praise|positive)[^.\n]{0,60}(?:complain|negative)[^.\n]{0,40}mixed/i.test(
        instructions,
      ),
    neutralHint:
      /no (?:opinion|feeling|praise)[^.\n]{0,60}neutral|neutral[^.\n]{0,60}(?:no|without) (?:opinion|praise)/i.test(
        instructions,
      ),
    goodExamples: [...good],
    badExamples: bad,
    irrelevant: irrelevantShare(instructions, SENTIMENT_VOCABULARY),
  };
}

export function sentimentProbabilities(f: SentimentFeatures, truth: SentimentLabel, temperature: number) {
  const hot = Math.max(0, temperature - 1);
  const shown = (l: SentimentLabel) => f.goodExamples.includes(l);
  let understand =
    0.5 + (f.taskStated ? 0.1 : 0) - 0.4 * f.irrelevant - 0.05 * Math.min(f.badExamples, 4) - 0.1 * hot;
  if (truth === 'MIXED') understand += f.mixedHint ? 0.35 : shown('MIXED') ? 0.25 : -0.25;
  if (truth === 'NEUTRAL') understand += f.neutralHint ? 0.3 : shown('NEUTRAL') ? 0.2 : -0.1;
  if (truth === 'POSITIVE' || truth === 'NEGATIVE') understand += shown(truth) ? 0.3 : 0.15;
  let format = f.formatRule ? 0.97 : 0.45;
  if (f.explain) format = f.formatRule ? 0.5 : 0.1;
  return {
    understand: clamp(understand, 0.05, 0.98),
    format: clamp(format - 0.1 * hot, 0.02, 0.99),
    upper: (l: SentimentLabel) => (f.upperStated.includes(l) ? 0.98 : f.upperStated.length > 0 ? 0.6 : 0.1),
  };
}

function answer(ctx: SimContext): string {
  const f = sentimentFeatures(ctx.instructions);
  const truth = sentimentTruth(ctx.input);
  const p = sentimentProbabilities(f, truth, ctx.request.parameters.temperature ?? 0);
  let label: SentimentLabel = truth;
  if (ctx.draw('understand') >= p.understand) {
    // Plausible mistakes: MIXED read by its stronger half, NEUTRAL read as POSITIVE.
    const wrong: Record<SentimentLabel, SentimentLabel> = {
      MIXED: ctx.draw('half') < 0.5 ? 'POSITIVE' : 'NEGATIVE',
      NEUTRAL: 'POSITIVE',
      POSITIVE: 'NEUTRAL',
      NEGATIVE: 'MIXED',
    };
    label = wrong[truth];
  }
  const name = ctx.draw('upper') < p.upper(label) ? label : label.toLowerCase();
  if (ctx.draw('format') < p.format) return name;
  if (f.explain) return `${name}\n\nReasoning: the reviewer's words point to ${name.toLowerCase()}.`;
  return pick([`Sentiment: ${name}`, `The review is ${name}.`, `${name}.`], ctx.draw('wrap'));
}

const LABEL_LINE =
  'Answer with exactly one of these labels, in capitals: POSITIVE, NEGATIVE, NEUTRAL, MIXED.';
const FORMAT_LINE = 'Respond with only the label, nothing else.';
const MIXED_LINE = 'A review with both praise and complaints is MIXED.';
const NEUTRAL_LINE = 'A review with no opinion about the product is NEUTRAL.';

export const SENTIMENT_EDITS: readonly PromptEdit[] = [
  {
    name: 'add-label-set',
    helpful: true,
    applies: (t) => sentimentFeatures(t).upperStated.length < 4,
    apply: (t) => withLine(t, LABEL_LINE),
  },
  {
    name: 'add-format-rule',
    helpful: true,
    applies: (t) => !FORMAT_RULE.test(t),
    apply: (t) => withLine(t, FORMAT_LINE),
  },
  {
    name: 'add-mixed-hint',
    helpful: true,
    applies: (t) => !sentimentFeatures(t).mixedHint,
    apply: (t) => withLine(t, MIXED_LINE),
  },
  {
    name: 'add-neutral-hint',
    helpful: true,
    applies: (t) => !sentimentFeatures(t).neutralHint,
    apply: (t) => withLine(t, NEUTRAL_LINE),
  },
  removeIrrelevantEdit(SENTIMENT_VOCABULARY),
  ADD_DISTRACTION,
  ASK_FOR_REASONING,
];

export const reviewSentimentTask: SimTask = {
  name: 'review-sentiment',
  description: 'label the sentiment of a product review as POSITIVE, NEGATIVE, NEUTRAL or MIXED',
  answer,
  edits: SENTIMENT_EDITS,
  vocabulary: SENTIMENT_VOCABULARY,
};

/** Review texts built from the cue lists (the bench's and the tests' datasets), deterministic for `seed`. */
export function sentimentRows(count: number, seed: number): { review: string; expected: SentimentLabel }[] {
  const products = ['blender', 'backpack', 'desk lamp', 'kettle', 'headphones', 'phone case', 'chair'];
  const neutral = [
    'It arrived on Tuesday.',
    'I bought it for my office.',
    'The box was blue.',
    'It is black.',
  ];
  const rows: { review: string; expected: SentimentLabel }[] = [];
  let x = seed * 7919 + 17;
  const next = (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  for (let i = 0; i < count; i++) {
    const product = products[next(products.length)] as string;
    const kind = i % 4;
    const parts = [`I ordered the ${product}.`, neutral[next(neutral.length)] as string];
    if (kind === 0 || kind === 3) parts.push(`I ${PRAISE[next(PRAISE.length)]} it, it is ${PRAISE[1]}.`);
    if (kind === 1 || kind === 3) parts.push(`Sadly it ${COMPLAINT[next(COMPLAINT.length)]} after a week.`);
    const review = parts.join(' ');
    rows.push({ review, expected: sentimentTruth(review) });
  }
  return rows;
}
