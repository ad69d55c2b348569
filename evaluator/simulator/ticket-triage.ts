import { EXPLAIN, explainRequested, FORMAT_RULE, irrelevantShare } from './features.ts';
import { clamp, pick } from './hash-rng.ts';
import { ADD_DISTRACTION, ASK_FOR_REASONING, removeIrrelevantEdit, withLine } from './shared-edits.ts';
import { sentences } from './split.ts';
import type { FailureCase, PromptEdit, SimContext, SimTask } from './task.ts';

export const TRIAGE_LABELS = ['billing', 'bug', 'feature_request', 'account', 'other'] as const;
export type TriageLabel = (typeof TRIAGE_LABELS)[number];

/** Keyword cues per label: the ground truth is the label with the most cue hits (ties: earlier in this list). */
export const TRIAGE_CUES: Readonly<Record<Exclude<TriageLabel, 'other'>, readonly string[]>> = {
  account: [
    'password',
    'log in',
    'login',
    'sign in',
    'locked out',
    'two-factor',
    '2fa',
    'username',
    'email address',
    'account',
    'profile',
  ],
  billing: [
    'refund',
    'charged',
    'charge',
    'invoice',
    'payment',
    'billing',
    'subscription',
    'credit card',
    'receipt',
    'price',
    'paid',
  ],
  bug: [
    'crash',
    'crashes',
    'error',
    'broken',
    'bug',
    'not working',
    "doesn't work",
    'fails',
    'freezes',
    'blank screen',
    'glitch',
    'stuck',
  ],
  feature_request: [
    'would be great',
    'please add',
    'feature',
    'could you add',
    'wish',
    'suggestion',
    'support for',
    'would be nice',
    'dark mode',
    'integration',
  ],
};

const CUE_RES = Object.fromEntries(
  Object.entries(TRIAGE_CUES).map(([label, cues]) => [
    label,
    cues.map((c) => new RegExp(`(?<![\\w-])${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'i')),
  ]),
) as Record<Exclude<TriageLabel, 'other'>, RegExp[]>;

export function cueCounts(text: string): Record<Exclude<TriageLabel, 'other'>, number> {
  const out = { account: 0, billing: 0, bug: 0, feature_request: 0 };
  for (const label of Object.keys(out) as (keyof typeof out)[]) {
    for (const re of CUE_RES[label]) if (re.test(text)) out[label]++;
  }
  return out;
}

/** The ground truth: most cue hits wins, ties go to the label listed first in TRIAGE_CUES; no cue → other. */
export function triageTruth(ticket: string): TriageLabel {
  const counts = cueCounts(ticket);
  let best: TriageLabel = 'other';
  let bestN = 0;
  for (const [label, n] of Object.entries(counts) as [TriageLabel, number][]) {
    if (n > bestN) {
      best = label;
      bestN = n;
    }
  }
  return best;
}

/** How hard a ticket is: 0 one clear cue set, 0.5 a one-cue margin or no cue, 1 a tie between labels. */
export function triageDifficulty(ticket: string): number {
  const sorted = Object.values(cueCounts(ticket)).sort((a, b) => b - a);
  const [top = 0, second = 0] = sorted;
  if (top === 0) return 0.5;
  if (top === second) return 1;
  return top - second >= 2 ? 0 : 0.5;
}

export type TriageFeatures = {
  /** Labels whose exact name (e.g. `feature_request`) appears in the instructions. */
  labelsStated: TriageLabel[];
  /** Labels mentioned with a space instead of the underscore (the model then answers with the space). */
  labelsSpaced: TriageLabel[];
  taskStated: boolean;
  formatRule: boolean;
  explain: boolean;
  json: boolean;
  /** Share of the four non-`other` labels whose cue words the instructions mention (label descriptions). */
  hintCoverage: number;
  /** Few-shot examples `<text> -> <label>` (or `=>`, `:`) whose label agrees with the ground truth. */
  goodExamples: number;
  badExamples: number;
  /** Distinct labels among the good examples, / 5. */
  exampleCoverage: number;
  irrelevant: number;
  /** `always answer <label>`: a bias toward one label. */
  biasLabel: TriageLabel | undefined;
};

const EXAMPLE_LINE =
  /^(?:[-*]\s*)?(?:(?:ticket|input|example)\s*:\s*)?["“]?(.{8,}?)["”]?\s*(?:->|=>|→|:|label\s*:)\s*["“]?(billing|bug|feature_request|account|other)["”]?\.?\s*$/gim;

export const TRIAGE_VOCABULARY = [
  'ticket',
  'classif',
  'categor',
  'label',
  'triage',
  'support',
  'customer',
  'respond',
  'answer',
  'output',
  'reply',
  'example',
  'billing',
  'bug',
  'feature',
  'account',
  'other',
  'return',
  'message',
  'request',
  'issue',
  'user',
  ...Object.values(TRIAGE_CUES).flat(),
];

export function triageFeatures(instructions: string): TriageFeatures {
  const lower = instructions.toLowerCase();
  const labelsStated = TRIAGE_LABELS.filter((l) => new RegExp(`(?<![\\w])${l}(?![\\w])`).test(lower));
  const labelsSpaced =
    labelsStated.includes('feature_request') || !/feature request/.test(lower)
      ? []
      : (['feature_request'] as TriageLabel[]);
  let good = 0;
  let bad = 0;
  const covered = new Set<string>();
  for (const m of instructions.matchAll(EXAMPLE_LINE)) {
    const text = m[1] as string;
    const label = (m[2] as string).toLowerCase();
    if (triageTruth(text) === label) {
      good++;
      covered.add(label);
    } else bad++;
  }
  const hinted = (Object.keys(TRIAGE_CUES) as (keyof typeof TRIAGE_CUES)[]).filter((l) =>
    TRIAGE_CUES[l].some((c) => lower.includes(c) && !new RegExp(`^${l}$`).test(c)),
  );
  const bias = lower.match(
    /\balways (?:answer|respond|reply|say|choose|pick|use)(?: with)? ["“]?(billing|bug|feature_request|account|other)\b/,
  );
  return {
    labelsStated,
    labelsSpaced,
    taskStated:
      /classif|categor|triage|label/.test(lower) && /ticket|support|customer|message|request/.test(lower),
    formatRule: FORMAT_RULE.test(instructions),
    explain: explainRequested(instructions),
    json: /\bjson\b/.test(lower),
    hintCoverage: hinted.length / 4,
    goodExamples: good,
    badExamples: bad,
    exampleCoverage: covered.size / 5,
    irrelevant: irrelevantShare(instructions, TRIAGE_VOCABULARY),
    biasLabel: bias ? (bias[1] as TriageLabel) : undefined,
  };
}

/**
 * The documented success model (docs/providers.md): the chance of picking the right category, and of
 * answering in the bare-label format.
 */
export function triageProbabilities(f: TriageFeatures, difficulty: number, temperature: number) {
  const hot = Math.max(0, temperature - 1);
  const understand = clamp(
    0.55 +
      (f.taskStated ? 0.12 : 0) +
      0.15 * f.hintCoverage +
      0.18 * f.exampleCoverage -
      0.05 * Math.min(f.badExamples, 4) -
      0.35 * f.irrelevant -
      (f.explain && f.formatRule ? 0.1 : 0) -
      (f.biasLabel ? 0.3 : 0) -
      0.12 * difficulty -
      0.1 * hot,
    0.05,
    0.98,
  );
  let format = f.formatRule ? 0.97 : 0.5;
  if (f.explain) format = f.formatRule ? 0.5 : 0.1;
  if (f.json) format = Math.min(format, 0.3);
  if (f.goodExamples >= 2 && !f.explain) format = Math.max(format, 0.8);
  format = clamp(format - 0.1 * hot, 0.02, 0.99);
  return { understand, format };
}

/** How the simulated model spells a label it was not told about. */
const NATURAL_NAMES: Record<TriageLabel, readonly [string, number][]> = {
  billing: [
    ['billing', 0.7],
    ['payment issue', 1],
  ],
  bug: [
    ['bug', 0.5],
    ['technical issue', 1],
  ],
  feature_request: [
    ['feature_request', 0.1],
    ['feature request', 1],
  ],
  account: [
    ['account', 0.5],
    ['account access', 1],
  ],
  other: [
    ['other', 0.4],
    ['general inquiry', 1],
  ],
};

function spell(label: TriageLabel, f: TriageFeatures, u: number): string {
  if (f.labelsStated.includes(label)) return label;
  if (f.labelsSpaced.includes(label)) return label.replace('_', ' ');
  for (const [name, p] of NATURAL_NAMES[label]) if (u < p) return name;
  return label;
}

function answer(ctx: SimContext): string {
  const f = triageFeatures(ctx.instructions);
  const truth = triageTruth(ctx.input);
  const p = triageProbabilities(f, triageDifficulty(ctx.input), ctx.request.parameters.temperature ?? 0);
  let label: TriageLabel = truth;
  if (ctx.draw('understand') >= p.understand) {
    // A wrong but plausible label: the runner-up cue label, the bias label, or any other one.
    const counts = cueCounts(ctx.input);
    const runnerUp = (Object.entries(counts) as [TriageLabel, number][])
      .filter(([l, n]) => l !== truth && n > 0)
      .sort((a, b) => b[1] - a[1])[0]?.[0];
    const others = TRIAGE_LABELS.filter((l) => l !== truth);
    label =
      f.biasLabel && f.biasLabel !== truth ? f.biasLabel : (runnerUp ?? pick(others, ctx.draw('wrong')));
  }
  const name = spell(label, f, ctx.draw('spell'));
  if (ctx.draw('format') < p.format) return name;
  if (f.json) return JSON.stringify({ category: name });
  if (f.explain) return `${name}\n\nReasoning: the ticket's wording points to ${name.replace('_', ' ')}.`;
  return pick(
    [`Category: ${name}`, `This ticket is about ${name}.`, `${name[0]?.toUpperCase()}${name.slice(1)}`],
    ctx.draw('wrap'),
  );
}

const LABEL_LINE = 'Answer with exactly one of these labels: billing, bug, feature_request, account, other.';
const FORMAT_LINE = 'Respond with only the label, nothing else.';
const TASK_LINE = 'You triage customer support tickets into categories.';
const HINTS =
  'billing = refunds, charges, invoices, payments, subscriptions; bug = errors, crashes, something broken or not working; ' +
  'feature_request = asking to add a feature or support for something; account = password, login, 2FA, profile or email address; ' +
  'other = anything else.';
const EXAMPLE_BANK = [
  'I was charged twice for my subscription, please refund me. -> billing',
  'The app crashes with an error every time I open settings. -> bug',
  'It would be great if you could add dark mode. -> feature_request',
  'I am locked out and the password reset link never arrives. -> account',
  'What are your office opening hours? -> other',
];

function failureExample(f: FailureCase): string {
  const oneLine = f.input.replace(/\s+/g, ' ').trim().slice(0, 160);
  return `Example: ${oneLine} -> ${f.expected}`;
}

export const TRIAGE_EDITS: readonly PromptEdit[] = [
  {
    name: 'add-label-set',
    helpful: true,
    applies: (t) => triageFeatures(t).labelsStated.length < 5,
    apply: (t) => withLine(t, LABEL_LINE),
  },
  {
    name: 'add-format-rule',
    helpful: true,
    applies: (t) => !FORMAT_RULE.test(t),
    apply: (t) => withLine(t, FORMAT_LINE),
  },
  {
    name: 'remove-contradiction',
    helpful: true,
    applies: (t) =>
      explainRequested(t) ||
      /\bjson\b/i.test(t) ||
      /\balways (?:answer|respond|reply|say|choose|pick|use)\b/i.test(t),
    apply: (t) =>
      sentences(t)
        .filter(
          (s) =>
            !(
              EXPLAIN.test(s) ||
              /\bjson\b/i.test(s) ||
              /\balways (?:answer|respond|reply|say|choose|pick|use)\b/i.test(s)
            ),
        )
        .join('\n'),
  },
  removeIrrelevantEdit(TRIAGE_VOCABULARY),
  {
    name: 'add-task-statement',
    helpful: true,
    applies: (t) => !triageFeatures(t).taskStated,
    apply: (t) => `${TASK_LINE}\n${t.trimStart()}`,
  },
  {
    name: 'add-label-descriptions',
    helpful: true,
    applies: (t) => triageFeatures(t).hintCoverage < 1,
    apply: (t) => withLine(t, HINTS),
  },
  {
    name: 'add-example',
    helpful: true,
    applies: (t, failures) => failures.length > 0 || triageFeatures(t).exampleCoverage < 1,
    apply: (t, failures, u) => {
      const fromFailure = failures.find(
        (f) => !t.includes(f.input.slice(0, 40)) && TRIAGE_LABELS.includes(f.expected as TriageLabel),
      );
      if (fromFailure) return withLine(t, failureExample(fromFailure));
      const missing = EXAMPLE_BANK.filter((e) => !t.includes(e));
      return missing.length ? withLine(t, pick(missing, u)) : t;
    },
  },
  ADD_DISTRACTION,
  ASK_FOR_REASONING,
];

export const ticketTriageTask: SimTask = {
  name: 'ticket-triage',
  description: 'classify a support ticket as billing, bug, feature_request, account or other',
  answer,
  edits: TRIAGE_EDITS,
  vocabulary: TRIAGE_VOCABULARY,
};
