import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseEnvironment } from '../../core/config/parse.ts';
import { ValidationError } from '../../core/errors.ts';
import { tempDirsRemovedAfter } from '../../test/support/temp-dirs.ts';
import { environmentPin, type PinLookup } from './env-pins-cache.ts';
import { write } from './testing.ts';

const temp = tempDirsRemovedAfter();
const FILE = 'environments/production.yaml';
const STAMP = '.evohub/env-pins/production.json';
// Every file gets a stamp, however small, so that the stamped path is what these tests exercise.
const stamped = { stampMinBytes: 0 };

/** What the full validating parser says about `name`: the pin, or the error it throws. */
function expected(text: string, name: string): PinLookup | Error {
  try {
    const pins = parseEnvironment(text, FILE).prompts;
    return { pin: Object.hasOwn(pins, name) ? pins[name] : undefined };
  } catch (e) {
    return e as Error;
  }
}

async function actual(root: string, name: string): Promise<PinLookup | Error> {
  return environmentPin(root, 'production', name, stamped).catch((e: Error) => e);
}

function assertSame(got: PinLookup | Error, want: PinLookup | Error, what: string): void {
  if (want instanceof Error) {
    assert.ok(got instanceof ValidationError, `${what}: expected an error, got ${JSON.stringify(got)}`);
    assert.equal(got.userMessage(), (want as ValidationError).userMessage(), what);
  } else {
    assert.deepEqual(got, want, what);
  }
}

const CASES: Record<string, string> = {
  simple: '# pins\n\nprompts:\n  ticket-triage: 3\n  summarizer: v1.2\n  x.y_z: main\n',
  prefixes: 'prompts:\n  a: 1\n  ab: 2\n  a-b: 3\n  b.a: 4\n',
  'trailing blanks': 'prompts:\n  a: 1  \n\n  b: main\t\n\n',
  'no final newline': 'prompts:\n  a: 1\n  b: 2',
  comments: '# header\nprompts:\n  # a: 9\n  a: 1 # was 2\n  b: 2\n',
  quoted: 'prompts:\n  a: "1"\n  "b": \'v2\'\n',
  duplicates: 'prompts:\n  a: 1\n  b: 2\n  a: 3\n',
  crlf: 'prompts:\r\n  a: 1\r\n  b: main\r\n',
  'flow style': 'prompts: {a: 1, b: 2}\n',
  'invalid version': 'prompts:\n  a: 0\n',
  'keyword value': 'prompts:\n  a: yes\n',
  'object names': 'prompts:\n  constructor: 1\n  toString: 2\n',
  empty: 'prompts: {}\n',
};
const NAMES = [
  'a',
  'ab',
  'a-b',
  'b',
  'b.a',
  'ticket-triage',
  'summarizer',
  'x.y_z',
  'toString',
  'constructor',
];
const MORE = ['missing', 'yes', '', 'a:', 'a\n  b', '__proto__', 'hasOwnProperty', 'ticket'];

test('every case answers as the full parser does, before and after the stamp (errors with file and line)', async () => {
  for (const [label, text] of Object.entries(CASES)) {
    const root = temp.dir();
    write(root, FILE, text);
    for (const round of ['first', 'stamped']) {
      for (const name of [...NAMES, ...MORE]) {
        assertSame(await actual(root, name), expected(text, name), `${label} (${round}): ${name}`);
      }
    }
    // Only the simple form is stamped; everything else goes to the full parser each time.
    const simple = ['simple', 'prefixes', 'trailing blanks', 'no final newline', 'object names'];
    assert.equal(existsSync(path.join(root, STAMP)), simple.includes(label), label);
  }
  assert.equal(await actual(temp.dir(), 'a'), null, 'no file: null');
});

test('an edit of the same size after the stamp is seen; a duplicate added later is still an error', async () => {
  const root = temp.dir();
  write(root, FILE, 'prompts:\n  a: 1\n  b: 2\n');
  assert.deepEqual(await actual(root, 'a'), { pin: 1 });
  const stamp = readFileSync(path.join(root, STAMP), 'utf8');
  write(root, FILE, 'prompts:\n  a: 7\n  b: 2\n');
  assert.deepEqual(await actual(root, 'a'), { pin: 7 });
  assert.notEqual(readFileSync(path.join(root, STAMP), 'utf8'), stamp);
  write(root, FILE, 'prompts:\n  a: 7\n  a: 2\n');
  const e = await actual(root, 'b');
  assert.ok(e instanceof ValidationError);
  assert.match(e.userMessage(), /environments\/production\.yaml:3:3: .*unique/);
});

test('a corrupt, foreign or older stamp is ignored and rewritten, never trusted', async () => {
  const root = temp.dir();
  const text = 'prompts:\n  a: 1\n  a: 2\n';
  write(root, FILE, text);
  const sha256 = (await import('node:crypto')).createHash('sha256').update(text).digest('hex');
  // A stamp claiming this (invalid) content passed, but in another format: still validated, still an error.
  const forged = { format: 'evohub-env-pins/0', file: FILE, bytes: text.length, sha256 };
  for (const bad of ['{not json', 'null', JSON.stringify(forged)]) {
    write(root, STAMP, bad);
    assert.ok((await actual(root, 'a')) instanceof ValidationError, bad);
  }
  write(root, FILE, 'prompts:\n  a: 1\n');
  write(root, STAMP, '{not json');
  assert.deepEqual(await actual(root, 'a'), { pin: 1 });
  assert.equal(JSON.parse(readFileSync(path.join(root, STAMP), 'utf8')).format, 'evohub-env-pins/1');
});

test('small files write nothing; an unwritable .evohub still answers', async () => {
  const small = temp.dir();
  write(small, FILE, 'prompts:\n  a: 1\n');
  assert.deepEqual(await environmentPin(small, 'production', 'a'), { pin: 1 });
  assert.equal(existsSync(path.join(small, '.evohub')), false);

  const blocked = temp.dir();
  write(blocked, FILE, 'prompts:\n  a: 1\n');
  writeFileSync(path.join(blocked, '.evohub'), 'a file where the folder would be');
  for (let i = 0; i < 2; i++) assert.deepEqual(await actual(blocked, 'a'), { pin: 1 });
});

test('property: on generated simple files, each name (and its prefixes) reads as the full parser says', async () => {
  const root = temp.dir();
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,6}$/);
  const value = fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.stringMatching(/^[A-Za-z][\w./-]{0,8}$/));
  await fc.assert(
    fc.asyncProperty(fc.dictionary(name, value, { minKeys: 1, maxKeys: 8 }), name, async (pins, probe) => {
      const text = `prompts:\n${Object.entries(pins)
        .map(([k, v]) => `  ${k}: ${v}`)
        .join('\n')}\n`;
      write(root, FILE, text);
      const names = [...Object.keys(pins), probe, ...Object.keys(pins).map((k) => k.slice(0, -1))];
      for (let round = 0; round < 2; round++) {
        for (const n of names) assertSame(await actual(root, n), expected(text, n), `${text}${n}`);
      }
    }),
    { numRuns: 40 },
  );
});
