/**
 * Meta-prompts: the requests LLM operators send to the optimizer model. Templates are data files
 * (`core/evolution/meta-prompts/<kind>.md`, overridable per repository) with an `evohub-operator: <kind>` line and
 * `{{variables}}` filled here in one pass (a prompt's own `{{placeholders}}` inside a value are never expanded).
 * The answer is the new instruction between `<prompt>` and `</prompt>`.
 */
import { ConfigError } from '../../../errors.ts';
import { placeholders } from '../text.ts';
import { PROPOSAL_KINDS, type ProposalKind } from './proposal.ts';

/** Which header each kind's meta-prompt carries (the protocol the simulator answers; DE is a crossover). */
export const OPERATOR_HEADER: Record<ProposalKind, 'rewrite' | 'crossover' | 'reflect' | 'opro'> = {
  rewrite: 'rewrite',
  reflect: 'reflect',
  opro: 'opro',
  ga: 'crossover',
  de: 'crossover',
};

/** Variables a template may use; each is a block of text. */
export type MetaPromptContext = {
  /** What the prompt is for (its `description`, else its name). */
  task: string;
  /** `<prompt>…</prompt>` block(s) to edit, in the order the kind needs. */
  prompts: string;
  /** `<failure>…</failure>` blocks (reflect). */
  failures: string;
};

export function promptBlock(text: string): string {
  return `<prompt>\n${text}\n</prompt>`;
}

/**
 * A scored instruction of OPRO's trajectory. [issue 16] Not a `<prompt>` block: the answer goes between
 * `<prompt>` tags, and quoting the examples in the same tags let an optimizer model copy one back as its answer.
 */
export function scoredBlock(text: string, score: number): string {
  return `<instruction score="${Number(score.toFixed(4))}">\n${text}\n</instruction>`;
}

export function failureBlock(f: {
  input: string;
  expected: string;
  output: string;
  feedback?: string;
}): string {
  const one = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 500);
  const feedback = f.feedback ? `\nfeedback: ${one(f.feedback)}` : '';
  return `<failure>\ninput: ${one(f.input)}\nexpected: ${one(f.expected)}\noutput: ${one(f.output)}${feedback}\n</failure>`;
}

/** Checks a template: it must carry its header line and may use only the known variables. */
export function checkTemplate(kind: ProposalKind, text: string, file: string): void {
  const header = new RegExp(`^\\s*evohub-operator:\\s*${OPERATOR_HEADER[kind]}\\s*$`, 'm');
  if (!header.test(text)) {
    throw new ConfigError(`meta-prompt ${file} lacks the line "evohub-operator: ${OPERATOR_HEADER[kind]}"`, {
      location: { file },
      hint: 'the header tells the optimizer (and the simulator) which operator this is',
    });
  }
  const known = ['task', 'prompts', 'failures'];
  const unknown = placeholders(text).filter((v) => !known.includes(v));
  if (unknown.length > 0) {
    throw new ConfigError(`meta-prompt ${file} uses unknown variables: ${unknown.join(', ')}`, {
      location: { file },
      hint: `known variables: ${known.map((k) => `{{${k}}}`).join(', ')}`,
    });
  }
}

export function renderMetaPrompt(template: string, ctx: MetaPromptContext): string {
  return template.replace(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g, (whole, name: string) =>
    name in ctx ? ctx[name as keyof MetaPromptContext] : whole,
  );
}

/**
 * The new instruction from the optimizer's answer: the last `<prompt>` block, else the whole answer. Undefined
 * when it is empty or drops/adds a `{{placeholder}}` of the original (an edit must keep the template's inputs).
 */
export function parseProposalAnswer(answer: string, original: string): string | undefined {
  const blocks = [...answer.matchAll(/<prompt[^>]*>([\s\S]*?)<\/prompt>/gi)];
  const text = (blocks.length > 0 ? (blocks.at(-1)?.[1] ?? '') : answer).trim();
  if (text === '') return undefined;
  const want = [...new Set(placeholders(original))].sort().join('\n');
  const got = [...new Set(placeholders(text))].sort().join('\n');
  return want === got ? text : undefined;
}

export function isProposalKind(k: string): k is ProposalKind {
  return (PROPOSAL_KINDS as readonly string[]).includes(k);
}
