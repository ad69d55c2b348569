/**
 * The simulator's answer to a reflection meta-prompt: a simulated optimizer that knows nothing of the task's
 * hidden rules. Like a model reading the minibatch, it only compares what was expected with what came out and
 * proposes the edit those differences call for: an output-format rule when the right answer came wrapped in
 * other text, the exact answers (spelling and letter case) when they were misspelt, format rules for the JSON
 * fields that differ (dates, codes, numbers, keys), an example built from a failing case, or the removal of a
 * sentence that has nothing to do with the task.
 */
import { EXPLAIN, explainRequested, FORMAT_RULE } from './features.ts';
import { sentences } from './split.ts';
import type { FailureCase } from './task.ts';

type Diagnosis = 'format' | 'spelling' | 'json' | 'wrong';

const EXAMPLE = /^Example: /;
/** Words of instructions about the answer itself: never off-topic. */
const ABOUT_ANSWERS = /\b(?:answer|respond|reply|output|write|return|use|example|label|json|format|only)\b/i;

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const isShortAnswer = (s: string) => s.length > 0 && s.length <= 30 && !/[{}\n]/.test(s);

function jsonObject(s: string): Record<string, unknown> | undefined {
  const m = s.match(/\{[\s\S]*\}/);
  if (!m) return undefined;
  try {
    const v = JSON.parse(m[0]) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** What went wrong in one case, as far as the expected and actual outputs show it. */
function diagnose(f: FailureCase, text: string): Diagnosis {
  const out = norm(f.output);
  const want = norm(f.expected);
  if (out.toLowerCase() === want.toLowerCase()) return 'spelling';
  if (out.toLowerCase().includes(want.toLowerCase())) return 'format';
  // A short answer the instruction never spells out: say which answers exist.
  if (isShortAnswer(want) && !text.includes(want)) return 'spelling';
  if (jsonObject(want) && jsonObject(out)) return 'json';
  return 'wrong';
}

function withLine(text: string, line: string): string {
  return text.includes(line) ? text : `${text.trimEnd()}\n${line}`;
}

const ANSWERS = 'Answer with exactly one of these answers, spelt exactly so:';

/** The answers line, extended with the expected answers the failures show (one line, never repeated). */
function answersEdit(text: string, failures: readonly FailureCase[]): string {
  // Every answers line (a merge may have brought two) becomes one, extended with what the failures expect.
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith(ANSWERS));
  const known = lines
    .filter((l) => l.startsWith(ANSWERS))
    .flatMap((l) => l.slice(ANSWERS.length).replace(/\.$/, '').split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const all = [...new Set([...known, ...failures.map((f) => norm(f.expected)).filter(isShortAnswer)])];
  const line = `${ANSWERS} ${all.join(', ')}.`;
  const rest = lines.filter((l) => !l.startsWith(ANSWERS));
  if (i < 0) return [...rest, line].join('\n');
  rest.splice(Math.min(i, rest.length), 0, line);
  return rest.join('\n');
}

/** The sentences of the instruction, example lines kept whole (they are one case each). */
function units(text: string): string[] {
  return text.split('\n').flatMap((l) => (EXAMPLE.test(l) ? [l] : sentences(l)));
}

function formatEdit(text: string): string {
  const kept = units(text).filter((s) => !(EXPLAIN.test(s) && explainRequested(s)));
  const out = kept.join('\n');
  return FORMAT_RULE.test(out) ? out : withLine(out, 'Respond with only the answer, nothing else.');
}

/** Rules for the JSON fields whose value or name differs, from the form of the expected value. */
function jsonEdit(text: string, failures: readonly FailureCase[]): string {
  let out = text;
  for (const f of failures) {
    const want = jsonObject(f.expected);
    const got = jsonObject(f.output);
    if (!want || !got) continue;
    const keys = Object.keys(want);
    if (Object.keys(got).some((k) => !keys.includes(k)))
      out = withLine(out, `Use exactly these keys: ${keys.map((k) => `"${k}"`).join(', ')}.`);
    for (const k of keys) {
      const w = want[k];
      const g = got[k];
      if (JSON.stringify(w) === JSON.stringify(g) || g === undefined) continue;
      if (typeof w === 'number' && typeof g !== 'number')
        out = withLine(out, `Write "${k}" as a plain number, without symbols or thousands separators.`);
      else if (typeof w === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(w))
        out = withLine(out, `Write "${k}" as YYYY-MM-DD (ISO 8601).`);
      else if (typeof w === 'string' && /^[A-Z]{3}$/.test(w))
        out = withLine(out, `Write "${k}" as a three-letter code (ISO 4217 for currencies).`);
    }
  }
  return out;
}

/** An example from a failing case not shown yet; at most four, the oldest replaced. */
function exampleEdit(text: string, failures: readonly FailureCase[], u: number): string {
  const fresh = failures.filter((f) => !text.includes(norm(f.input).slice(0, 60)));
  if (fresh.length === 0) return text;
  const f = fresh[Math.floor(u * fresh.length)] as FailureCase;
  const line = `Example: ${norm(f.input).slice(0, 200)} -> ${norm(f.expected)}`;
  const lines = text.split('\n');
  const examples = lines.map((l, i) => (EXAMPLE.test(l) ? i : -1)).filter((i) => i >= 0);
  if (examples.length >= 4) lines.splice(examples[0] as number, 1);
  lines.push(line);
  return lines.join('\n');
}

const stems = (s: string) =>
  new Set(
    s
      .toLowerCase()
      .split(/[^a-z_]+/)
      .filter((w) => w.length >= 4)
      .map((w) => w.slice(0, 5)),
  );

/** Drops one sentence that shares no word with the task or the expected answers (off-topic text). */
function offTopicEdit(text: string, task: string, failures: readonly FailureCase[]): string {
  const topic = stems(`${task} ${failures.map((f) => f.expected).join(' ')}`);
  const all = units(text);
  const i = all.findIndex(
    (s) =>
      s.split(/\s+/).length >= 3 &&
      !EXAMPLE.test(s) &&
      !ABOUT_ANSWERS.test(s) &&
      ![...stems(s)].some((w) => topic.has(w)),
  );
  return i < 0 ? text : all.filter((_, j) => j !== i).join('\n');
}

/** Two or three edits, the most frequent diagnosis first; `u` draws the choices (deterministic per request). */
export function reflectOnFailures(
  text: string,
  failures: readonly FailureCase[],
  task: string,
  u: (name: string) => number,
): string {
  // Nothing failed, nothing to learn from: the instruction stays (it knows no rule the failures do not show).
  if (failures.length === 0) return text;
  const kinds = failures.map((f) => diagnose(f, text));
  const counts = new Map<Diagnosis, number>();
  for (const d of kinds) counts.set(d, (counts.get(d) ?? 0) + 1);
  const order = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([d]) => d);
  // Like a model, not always the same first: sometimes it starts from another mistake of the minibatch.
  if (order.length > 1 && u('order') < 0.3) order.push(order.shift() as Diagnosis);
  const edits: ((t: string) => string)[] = order.map((d) => {
    const mine = failures.filter((_, i) => kinds[i] === d);
    if (d === 'format') return formatEdit;
    if (d === 'spelling') return (t) => answersEdit(t, mine);
    if (d === 'json') return (t) => jsonEdit(t, mine);
    return (t) => exampleEdit(t, mine, u('example'));
  });
  edits.push((t) => offTopicEdit(t, task, failures));
  let out = text;
  let steps = u('steps') < 0.5 ? 2 : 3;
  for (const edit of edits) {
    const next = edit(out);
    if (next === out) continue;
    out = next;
    if (--steps === 0) break;
  }
  return out;
}
