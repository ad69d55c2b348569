import { pick, uniform } from './hash-rng.ts';
import { reflectOnFailures } from './reflector.ts';
import { sentences } from './split.ts';
import type { FailureCase, PromptEdit, SimTask } from './task.ts';

/** The task as the meta-prompt states it (`The task: …`), else nothing. */
function taskLine(metaText: string): string {
  return metaText.match(/\btask:?\s*"?([^\n"]*)/i)?.[1] ?? '';
}

/**
 * Evolution operators' meta-prompts carry a header line `evohub-operator: <kind>` (anywhere in any message),
 * the prompt(s) to edit between `<prompt>` tags (attributes allowed, e.g. `<prompt score="0.62">`), and for
 * `reflect` the failing cases as `<failure>` blocks with `input:`, `expected:` and `output:` lines.
 * The simulator answers with the new instruction text between `<prompt>` and `</prompt>`.
 */
export const OPERATOR_KINDS = ['rewrite', 'crossover', 'reflect', 'opro'] as const;
export type OperatorKind = (typeof OPERATOR_KINDS)[number];

const HEADER = /^\s*evohub-operator:\s*([a-z-]+)\s*$/m;
const PROMPT_BLOCK = /<(prompt|instruction)((?:\s+[a-z-]+="[^"]*")*)\s*>\n?([\s\S]*?)\n?<\/\1>/gi;
const FAILURE_BLOCK = /<failure>([\s\S]*?)<\/failure>/gi;

export type MetaPrompt = {
  kind: OperatorKind;
  prompts: { text: string; score: number | undefined }[];
  failures: FailureCase[];
};

export function parseMetaPrompt(text: string): MetaPrompt | undefined {
  const kind = text.match(HEADER)?.[1];
  if (!kind || !(OPERATOR_KINDS as readonly string[]).includes(kind)) return undefined;
  // Instructions to edit in `<prompt>` blocks; OPRO's scored trajectory in `<instruction score="…">` blocks.
  const prompts = [...text.matchAll(PROMPT_BLOCK)].map((m) => {
    const score = (m[2] ?? '').match(/score="([^"]*)"/)?.[1];
    return { text: m[3] ?? '', score: score === undefined || score === '' ? undefined : Number(score) };
  });
  const failures = [...text.matchAll(FAILURE_BLOCK)].map((m) => {
    const body = m[1] ?? '';
    const field = (name: string, next: string | undefined) => {
      const re = new RegExp(
        `^\\s*${name}:\\s*([\\s\\S]*?)${next ? `(?=^\\s*${next}:)` : '$(?![\\s\\S])'}`,
        'im',
      );
      return (body.match(re)?.[1] ?? '').trim();
    };
    return {
      input: field('input', 'expected'),
      expected: field('expected', 'output'),
      output: field('output', undefined),
    };
  });
  return { kind: kind as OperatorKind, prompts, failures };
}

/** Applies the edit chosen for the meta-prompt, deterministically for (seed, meta-prompt text). */
export function answerMetaPrompt(task: SimTask, meta: MetaPrompt, seed: number, metaText: string): string {
  const u = (name: string) => uniform(seed, task.name, 'operator', metaText, name);
  const base = meta.prompts[0]?.text ?? '';
  let next: string;
  switch (meta.kind) {
    case 'rewrite':
      next = rewrite(task, base, [], u);
      break;
    case 'opro': {
      const best =
        [...meta.prompts].sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity))[0]?.text ?? base;
      next = rewrite(task, best, [], u, 0.85);
      break;
    }
    case 'reflect':
      // [issue 16] A generic reflector: it reads only the failing cases, never the task's hidden rules.
      next = reflectOnFailures(base, meta.failures, taskLine(metaText), u);
      break;
    case 'crossover':
      next = crossover(base, meta.prompts[1]?.text ?? base, u);
      break;
  }
  return `<prompt>\n${next.trim()}\n</prompt>`;
}

function applicable(
  task: SimTask,
  text: string,
  failures: readonly FailureCase[],
  helpful: boolean,
): PromptEdit[] {
  return task.edits.filter((e) => e.helpful === helpful && e.applies(text, failures));
}

/** One edit: usually a helpful one (probability `pHelpful`), sometimes what models also do (distract, over-ask). */
function rewrite(
  task: SimTask,
  text: string,
  failures: readonly FailureCase[],
  u: (n: string) => number,
  pHelpful = 0.7,
): string {
  const good = applicable(task, text, failures, true);
  const bad = applicable(task, text, failures, false);
  const pool = (u('helpful') < pHelpful && good.length) || !bad.length ? good : bad;
  if (!pool.length) return text;
  return pick(pool, u('edit')).apply(text, failures, u('apply'));
}

/** Sentence-level one-point crossover: a head of the first parent, a tail of the second, duplicates dropped. */
function crossover(a: string, b: string, u: (n: string) => number): string {
  const sa = sentences(a);
  const sb = sentences(b);
  const cutA = Math.max(1, Math.round(sa.length * (0.3 + 0.4 * u('cut-a'))));
  const cutB = Math.min(sb.length - 1, Math.round(sb.length * (0.3 + 0.4 * u('cut-b'))));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of [...sa.slice(0, cutA), ...sb.slice(Math.max(0, cutB))]) {
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  }
  return out.join('\n');
}
