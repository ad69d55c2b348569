/**
 * Generators for the fuzz harness: valid documents (prompt files, evohub.yaml, datasets, A/B inputs, Prometheus
 * matrices) mutated with hostile values (NaN, ±Infinity, negative and huge numbers, terminal escape sequences,
 * deep nesting, YAML alias bombs, wrong types, missing fields), and the shared run settings: a fixed seed that
 * is printed, so that any failure is reproducible with `EVOHUB_FUZZ_SEED=<seed>`.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { isEvohubError } from '../../core/errors.ts';

export const FUZZ_SEED = Number(process.env.EVOHUB_FUZZ_SEED ?? 20261206);

/** `numRuns` scaled by EVOHUB_FUZZ_SCALE (default 1; raise it for a longer local run). */
export function runs(n: number): number {
  return Math.max(1, Math.round(n * Number(process.env.EVOHUB_FUZZ_SCALE ?? 1)));
}

/** fast-check parameters: the fixed seed, bounded runs, no shrinking time-outs that could hang CI. */
export function params(numRuns: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: runs(numRuns), endOnFailure: false, interruptAfterTimeLimit: 60_000 };
}

export const ESCAPE = '\x1b]0;PWNED\x07\x1b[2J';

/** The property every parser must keep: a valid result or the project's typed (located) error. */
export function typedOrValue<T>(f: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (isEvohubError(e)) return { ok: false };
    throw e;
  }
}

/** Async form of typedOrValue. */
export async function typedOrValueAsync<T>(
  f: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    if (isEvohubError(e)) return { ok: false };
    throw e;
  }
}

function nest(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
}

/** A value nobody should have put there. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -4000,
    -1,
    0,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    null,
    true,
    [],
    {},
    ESCAPE,
    `name${ESCAPE}`,
    '{{',
    '{{ x }}',
    '{{#each}}',
    '../../../etc/passwd',
    '/etc/passwd',
    'file:/tmp/evil.ts',
    '__proto__',
    'constructor',
    '\u202eevil',
    'x'.repeat(5000),
  ),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.integer({ min: 50, max: 400 }).map(nest),
  fc.jsonValue({ maxDepth: 3 }),
);

type Path = (string | number)[];

function pathsOf(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(v))
    v.forEach((x, i) => {
      pathsOf(x, [...prefix, i], out);
    });
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

type Mutation = { at: number; op: 'set' | 'delete' | 'add'; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('set' as const, 'delete' as const, 'add' as const),
  key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'version', 'name', ESCAPE)),
  value: hostileValue,
});

function apply(base: unknown, m: Mutation): unknown {
  const root = structuredClone(base);
  const all = pathsOf(root);
  const path = all[m.at % all.length] as Path;
  if (path.length === 0) return m.op === 'set' ? m.value : root;
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k as string], root);
  const last = path.at(-1) as string | number;
  const container = parent as Record<string | number, unknown>;
  if (m.op === 'set') container[last] = m.value;
  else if (m.op === 'delete') {
    if (Array.isArray(container)) container.splice(Number(last), 1);
    else delete container[last];
  } else {
    const target = container[last];
    if (Array.isArray(target)) target.push(m.value);
    else if (target !== null && typeof target === 'object')
      Object.defineProperty(target, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else container[last] = m.value;
  }
  return root;
}

/** `base` with up to `max` random mutations (set, delete, add) at random places. */
export function mutated(base: unknown, max = 3): fc.Arbitrary<unknown> {
  return fc.array(mutation, { maxLength: max }).map((ms) => ms.reduce(apply, base));
}

/** A "billion laughs" block: 9 levels of 9 aliases each. */
export function aliasBomb(key = 'lol'): string {
  const lines = ['a0: &a0 [lol]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  lines.push(`${key}: *a9`);
  return `${lines.join('\n')}\n`;
}

const rawYamlLine = fc.constantFrom(
  'x: *nowhere',
  '<<: *nowhere',
  '&a [*a]',
  '? [complex, key]\n: v',
  '!!binary aGVsbG8=',
  '!!js/function "function(){}"',
  'key: !!float NaN',
  'key: .nan',
  'key: -.inf',
  '{',
  '[',
  '"unterminated',
  '\t- tab indented',
  '%YAML 1.1',
  '---\nsecond: document',
  's: "\\e]0;PWNED\\a\\e[2J"',
  `raw: ${ESCAPE}`,
  '\uFEFFbom: true',
  '\x00',
);

/** YAML text of a (mutated) document, sometimes edited at the text level (bombs, raw hostile lines, cuts). */
export function yamlText(doc: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc
    .tuple(
      doc,
      fc.oneof(
        { weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) },
        fc.record({ kind: fc.constant('bomb' as const) }),
        fc.record({ kind: fc.constant('line' as const), line: rawYamlLine, at: fc.nat() }),
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      ),
    )
    .map(([value, edit]) => {
      let text: string;
      try {
        text = stringify(value);
      } catch {
        text = String(value);
      }
      if (edit.kind === 'bomb') return `${text}${aliasBomb('zzz')}`;
      if (edit.kind === 'cut') return text.slice(0, edit.at % (text.length + 1));
      if (edit.kind === 'line') {
        const lines = text.split('\n');
        lines.splice(edit.at % (lines.length + 1), 0, edit.line);
        return lines.join('\n');
      }
      return text;
    });
}

/** Bases: valid documents the mutations start from. */
export const PROMPT = {
  name: 'Triage',
  model: 'simulated/ticket-triage',
  modelParameters: { temperature: 0.2, maxTokens: 50 },
  messages: [
    { role: 'system', content: 'Classify the ticket.' },
    { role: 'user', content: 'Ticket: {{ticket}}' },
  ],
  testData: [
    { ticket: 'I was charged twice', expected: 'billing' },
    { ticket: 'The app crashes', expected: 'bug' },
  ],
  evaluators: [{ name: 'label', string: { equals: '{{expected}}' } }],
};

export const CONFIG = {
  providers: { openai: { apiKeyEnv: 'OPENAI_API_KEY' } },
  defaults: { model: 'simulated/ticket-triage' },
};

export const DATASET_ROWS = [
  { ticket: 'I was charged twice', expected: 'billing' },
  { ticket: 'The app crashes', expected: 'bug' },
];

export const AB_INPUT = {
  settings: { method: 'frequentist' },
  variants: [
    { name: 'control', users: 1000 },
    { name: 'treatment', users: 1000 },
  ],
  metrics: [
    { name: 'conversion', type: 'proportion', stats: { control: { sum: 100 }, treatment: { sum: 140 } } },
    {
      name: 'latency',
      type: 'mean',
      direction: 'lower',
      stats: {
        control: { sum: 400, sumSquares: 170 },
        treatment: { sum: 380, sumSquares: 160 },
      },
    },
  ],
};

/** JSON text of a (mutated) document: NaN and ±Infinity written raw (as a broken exporter would), deep nesting. */
export function jsonText(doc: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc
    .tuple(
      doc,
      fc.oneof(
        { weight: 4, arbitrary: fc.constant('none') },
        fc.constant('nan'),
        fc.constant('deep'),
        fc.constant('cut'),
      ),
      fc.nat(),
    )
    .map(([value, edit, at]) => {
      const text =
        JSON.stringify(value, (_k, v) =>
          typeof v === 'number' && !Number.isFinite(v) ? `@@${String(v)}@@` : v,
        ) ?? 'null';
      const raw = text.replace(/"@@(NaN|-?Infinity)@@"/g, '$1');
      if (edit === 'nan') return raw.replace(/\d+(\.\d+)?/, 'NaN');
      if (edit === 'deep') return `${'['.repeat(20000)}${']'.repeat(20000)}`;
      if (edit === 'cut') return raw.slice(0, at % (raw.length + 1));
      return raw;
    });
}

/** A hash of every file under `dir` (paths and contents), skipping `skip` (top-level names). */
export async function treeHash(dir: string, skip: readonly string[] = []): Promise<string> {
  const h = createHash('sha256');
  const walk = async (d: string, rel: string): Promise<void> => {
    const entries = (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && skip.includes(e.name)) continue;
      if (e.isDirectory()) await walk(join(d, e.name), r);
      else if (e.isFile()) {
        h.update(`${r}\0`);
        h.update(await readFile(join(d, e.name)));
      } else h.update(`${r}\0link`);
    }
  };
  await walk(dir, '');
  return h.digest('hex');
}
