import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { NotFoundError, ValidationError } from '../errors.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { rowSource } from './dataset.ts';
import { findPromptFiles, loadDataset, readPromptFile } from './files.ts';
import { parsePrompt } from './parse.ts';
import { checkTemplateVariables } from './validate-vars.ts';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'evohub-files-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const prompt = (testData: string) =>
  `messages:\n  - role: system\n    content: Classify.\n  - role: user\n    content: |\n      Ticket: {{ticket}}\n      From: {{customer.name}}\ntestData: ${testData}\nevaluators:\n  - name: label\n    string:\n      equals: '{{expected}}'\n`;

test('readPromptFile: a missing file is a NotFoundError naming it', async () => {
  const missing = join(root, 'nope.prompt.yml');
  await assert.rejects(readPromptFile(missing), (e: unknown) => {
    assert.ok(e instanceof NotFoundError);
    assert.equal(e.location?.file, missing);
    assert.match(e.userMessage(), /prompt file not found: .*nope\.prompt\.yml/);
    return true;
  });
});

test('writeFileAtomic writes, replaces, keeps the mode and leaves no temporary files', async () => {
  const dir = join(root, 'atomic');
  await mkdir(dir);
  const file = join(dir, 'a.prompt.yml');
  await writeFileAtomic(file, 'one\n');
  assert.equal(await readFile(file, 'utf8'), 'one\n');
  await (await import('node:fs/promises')).chmod(file, 0o600);
  await writeFileAtomic(file, 'two\n');
  assert.equal(await readFile(file, 'utf8'), 'two\n');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.deepEqual(await readdir(dir), ['a.prompt.yml']);
  await assert.rejects(writeFileAtomic(join(dir, 'no-such-dir', 'x'), 'x'));
  assert.deepEqual(await readdir(dir), ['a.prompt.yml']);
});

test('findPromptFiles: both extensions, sorted, relative, skipping node_modules/.git/.evohub', async () => {
  const r = join(root, 'find');
  for (const d of ['prompts/sub', 'node_modules/pkg', '.git', '.evohub/cache', 'other'])
    await mkdir(join(r, d), { recursive: true });
  for (const f of [
    'prompts/b.prompt.yml',
    'prompts/sub/a.prompt.yaml',
    'top.prompt.yml',
    'node_modules/pkg/x.prompt.yml',
    '.git/y.prompt.yml',
    '.evohub/cache/z.prompt.yml',
    'other/not-a-prompt.yml',
    'other/readme.md',
  ]) {
    await writeFile(join(r, f), 'messages: []\n');
  }
  await symlink(join(r, 'top.prompt.yml'), join(r, 'other/link.prompt.yml'));
  assert.deepEqual(await findPromptFiles(r), [
    'other/link.prompt.yml',
    'prompts/b.prompt.yml',
    'prompts/sub/a.prompt.yaml',
    'top.prompt.yml',
  ]);
  await assert.rejects(findPromptFiles(join(r, 'missing')), NotFoundError);
});

test('loadDataset: JSONL relative to the prompt file, rows know their file:line', async () => {
  const dir = join(root, 'jsonl');
  await mkdir(join(dir, 'prompts'), { recursive: true });
  await mkdir(join(dir, 'datasets'));
  await writeFile(
    join(dir, 'datasets/t.jsonl'),
    '{"ticket":"refund","customer":{"name":"Ann"},"expected":"billing"}\n\n{"ticket":"crash","customer":{"name":"Bo"},"expected":"bug"}\n',
  );
  const file = join(dir, 'prompts/t.prompt.yml');
  await writeFile(file, prompt('../datasets/t.jsonl'));
  const p = await readPromptFile(file);
  const rows = await loadDataset(p);
  assert.deepEqual(rows, [
    { ticket: 'refund', customer: { name: 'Ann' }, expected: 'billing' },
    { ticket: 'crash', customer: { name: 'Bo' }, expected: 'bug' },
  ]);
  assert.deepEqual(rowSource(rows[1]!), { file: join(dir, 'datasets/t.jsonl'), line: 3 });
  assert.deepEqual(Object.keys(rows[0]!), ['ticket', 'customer', 'expected']);
  assert.deepEqual(checkTemplateVariables(p, rows), []);

  // --dataset overrides testData; relative to baseDir.
  await writeFile(join(dir, 'other.yaml'), '- ticket: a\n  customer: {name: C}\n  expected: x\n');
  const other = await loadDataset(p, { datasetPath: 'other.yaml', baseDir: dir });
  assert.equal(other.length, 1);
  assert.deepEqual(rowSource(other[0]!), { file: join(dir, 'other.yaml'), line: 1, column: 3, field: '/0' });
});

test('loadDataset: a missing dataset file names the prompt testData line and the path tried', async () => {
  const dir = join(root, 'missing');
  await mkdir(dir);
  const file = join(dir, 'm.prompt.yml');
  await writeFile(file, prompt('data/none.jsonl'));
  const p = await readPromptFile(file);
  await assert.rejects(loadDataset(p), (e: unknown) => {
    assert.ok(e instanceof NotFoundError);
    assert.deepEqual(e.location, { file, line: 8, column: 11, field: '/testData' });
    assert.match(
      e.message,
      /dataset file not found: data\/none\.jsonl \(tried .*missing\/data\/none\.jsonl\)/,
    );
    return true;
  });
});

test('loadDataset: every bad JSONL line is reported with file:line:col', async () => {
  const dir = join(root, 'bad');
  await mkdir(dir);
  await writeFile(join(dir, 'd.jsonl'), '{"ticket":"a"}\n{"ticket": }\n[1,2]\n{"ticket":"ok"}\n"text"\n');
  const file = join(dir, 'b.prompt.yml');
  await writeFile(file, prompt('d.jsonl'));
  const p = await readPromptFile(file);
  await assert.rejects(loadDataset(p), (e: unknown) => {
    assert.ok(e instanceof ValidationError);
    const data = join(dir, 'd.jsonl');
    assert.deepEqual(
      e.problems.map((x) => [x.location.file, x.location.line, x.location.column]),
      [
        // V8 does not always say where in the line; then the column is 1.
        [data, 2, 1],
        [data, 3, undefined],
        [data, 5, undefined],
      ],
    );
    assert.match(e.problems[0]!.message, /^invalid JSON: /);
    assert.match(e.problems[1]!.message, /a dataset row must be an object/);
    return true;
  });
});

test('loadDataset: YAML and JSON datasets, bad rows located; inline rows located in the prompt', async () => {
  const dir = join(root, 'yaml');
  await mkdir(dir);
  await writeFile(join(dir, 'd.yaml'), '- ticket: a\n  expected: x\n- just a string\n');
  await writeFile(join(dir, 'd.json'), '[\n  {"ticket": "a"},\n  42\n]\n');
  const file = join(dir, 'y.prompt.yml');
  await writeFile(file, prompt('d.yaml'));
  const p = await readPromptFile(file);
  await assert.rejects(loadDataset(p), (e: unknown) => {
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(
      e.problems.map((x) => `${x.location.line}:${x.location.column} ${x.message}`),
      ['3:3 [0]: a dataset row must be an object of variables (name: value)'.replace('[0]', '[1]')],
    );
    return true;
  });
  await assert.rejects(loadDataset(p, { datasetPath: join(dir, 'd.json') }), (e: unknown) => {
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(
      e.problems.map((x) => `${x.location.line}:${x.location.column}`),
      ['3:3'],
    );
    return true;
  });

  const inline = parsePrompt(
    'messages:\n  - {role: user, content: "{{q}}"}\ntestData:\n  - q: one\n  - r: two\n',
    join(dir, 'i.prompt.yml'),
  );
  const rows = await loadDataset(inline);
  assert.deepEqual(rows, [{ q: 'one' }, { r: 'two' }]);
  assert.equal(rowSource(rows[1]!)?.line, 5);
});
