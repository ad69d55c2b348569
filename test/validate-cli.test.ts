import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { memoryContext } from '../cli/context.ts';
import { runCli } from '../cli/main.ts';
import type { ValidateReport } from '../cli/validate/report.ts';

const bin = fileURLToPath(new URL('../cli/bin.ts', import.meta.url));
const githubFixtures = fileURLToPath(new URL('./fixtures/github-models/', import.meta.url));

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'evohub-validate-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const triage = `name: Ticket triage
model: simulated/ticket-triage
messages:
  - role: system
    content: Classify the ticket.
  - role: user
    content: '{{ticket}}'
testData: ../datasets/triage.jsonl
evaluators:
  - name: label
    string:
      equals: '{{expected}}'
`;

/** A clean repository layout: GitHub-format prompts, one with a JSONL dataset, config and environments. */
async function cleanProject(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'prompts'), { recursive: true });
  await mkdir(join(dir, 'datasets'));
  await mkdir(join(dir, 'environments'));
  await mkdir(join(dir, 'node_modules/dep'), { recursive: true });
  await cp(githubFixtures, join(dir, 'prompts/github'), { recursive: true });
  await writeFile(join(dir, 'prompts/triage.prompt.yml'), triage);
  await writeFile(
    join(dir, 'datasets/triage.jsonl'),
    '{"ticket":"I was charged twice","expected":"billing"}\n{"ticket":"The app crashes","expected":"bug"}\n',
  );
  await writeFile(join(dir, 'evohub.yaml'), 'providers:\n  openai:\n    apiKeyEnv: OPENAI_API_KEY\n');
  await writeFile(join(dir, 'environments/production.yaml'), 'prompts:\n  triage: 1\n');
  await writeFile(join(dir, 'node_modules/dep/broken.prompt.yml'), 'not: [valid\n');
  return dir;
}

async function run(cwd: string, ...args: string[]) {
  const m = memoryContext(cwd);
  const code = await runCli(['validate', ...args], m.ctx);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

test('a clean project validates: exit 0, one summary line', async () => {
  const dir = await cleanProject('clean');
  const r = await run(dir);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'validate: 9 files OK (6 prompts, 1 dataset, 1 config, 1 environment)\n');
  assert.equal(r.code, 0);
});

test('every problem in every file, file:line:col relative to cwd, then a summary; exit 1', async () => {
  const dir = await cleanProject('broken');
  await writeFile(
    join(dir, 'prompts/triage.prompt.yml'),
    triage.replace("'{{ticket}}'", "'{{ticket}} {{customer}}'"),
  );
  await writeFile(join(dir, 'datasets/triage.jsonl'), '{"ticket":"a","expected":"x"}\nnot json\n');
  await writeFile(
    join(dir, 'prompts/bad.prompt.yml'),
    'model: openai/gpt-4o\nmessages:\n  - role: usr\n    content: hi\ntestData: ../datasets/missing.jsonl\n',
  );
  await writeFile(
    join(dir, 'prompts/vars.prompt.yml'),
    triage.replace('../datasets/triage.jsonl', '../datasets/vars.jsonl'),
  );
  await writeFile(
    join(dir, 'datasets/vars.jsonl'),
    '{"ticket":"a","expected":"x"}\n{"tickt":"b","expected":"y"}\n',
  );
  await writeFile(join(dir, 'environments/staging.yaml'), 'prompts:\n  triage: 0\n');
  await writeFile(join(dir, 'environments/qa.yaml'), 'prompts:\n  triag: 1\n');
  await writeFile(join(dir, 'evohub.yaml'), 'providers:\n  openai:\n    apiKeyEnv: sk-secret-123\n');
  const before = await readFile(join(dir, 'prompts/bad.prompt.yml'), 'utf8');

  const r = await run(dir);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  const lines = r.stdout.trimEnd().split('\n');
  assert.deepEqual(lines, [
    `datasets/triage.jsonl:2:1: invalid JSON: ${lines[0]?.split('invalid JSON: ')[1]}`,
    'environments/qa.yaml:2:3: prompts.triag: pins a prompt that does not exist (no triag.prompt.yml or triag.prompt.yaml) (did you mean "triage"?)',
    'environments/staging.yaml:2:11: prompts.triage: must be >= 1',
    'evohub.yaml:3:16: providers.openai.apiKeyEnv: must be the NAME of an environment variable (e.g. OPENAI_API_KEY), not the key itself; `none` for a keyless local server',
    'prompts/bad.prompt.yml:3:11: messages[0].role: must be one of system, user, assistant, developer (got "usr") (did you mean "user"?)',
    'prompts/vars.prompt.yml:7:14: messages[1].content: unknown template variable {{ticket}}: row 2 (datasets/vars.jsonl:2) has no "ticket" (available: tickt, expected)',
    'validate: 6 problems in 6 of 14 files (8 prompts, 2 datasets, 1 config, 3 environments)',
  ]);
  assert.ok(!r.stdout.includes('sk-secret-123'));
  // Validation changes nothing.
  assert.equal(await readFile(join(dir, 'prompts/bad.prompt.yml'), 'utf8'), before);

  // Once bad.prompt.yml's schema problem is fixed, its missing dataset is reported at its testData line.
  await writeFile(join(dir, 'prompts/bad.prompt.yml'), before.replace('usr', 'user'));
  const r2 = await run(dir, 'prompts/bad.prompt.yml');
  assert.equal(r2.code, 1);
  assert.equal(
    r2.stdout,
    'prompts/bad.prompt.yml:5:11: dataset file not found: ../datasets/missing.jsonl (tried datasets/missing.jsonl) (testData paths are relative to the prompt file)\n' +
      'validate: 1 problem in 1 of 1 file (1 prompt)\n',
  );
});

test('--json: the documented shape', async () => {
  const dir = await cleanProject('json');
  await writeFile(join(dir, 'prompts/x.prompt.yml'), 'messages:\n  - role: user\n');
  const r = await run(dir, '--json', 'prompts/x.prompt.yml', 'prompts/triage.prompt.yml', 'nope.prompt.yml');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  const report = JSON.parse(r.stdout) as ValidateReport;
  assert.deepEqual(report, {
    ok: false,
    files: [
      { file: 'datasets/triage.jsonl', kind: 'dataset', ok: true, problems: [] },
      {
        file: 'nope.prompt.yml',
        kind: 'prompt',
        ok: false,
        problems: [{ line: null, column: null, field: null, message: 'no such file or directory' }],
      },
      {
        file: 'prompts/triage.prompt.yml',
        kind: 'prompt',
        ok: true,
        problems: [],
      },
      {
        file: 'prompts/x.prompt.yml',
        kind: 'prompt',
        ok: false,
        problems: [
          {
            line: 2,
            column: 5,
            field: '/messages/0/content',
            message: 'messages[0]: missing required property "content"',
          },
        ],
      },
    ],
  });

  // A dataset named explicitly and through its prompt is checked (and listed) once.
  await writeFile(join(dir, 'datasets/triage.jsonl'), '{"ticket":"a","expected":"x"}\n[]\n');
  for (const args of [
    ['prompts/triage.prompt.yml', 'datasets/triage.jsonl'],
    ['datasets/triage.jsonl', 'prompts/triage.prompt.yml'],
  ]) {
    const twice = await run(dir, ...args);
    assert.equal(twice.code, 1);
    assert.equal(
      twice.stdout,
      'datasets/triage.jsonl:2: a dataset row must be an object of variables (name: value)\n' +
        'validate: 1 problem in 1 of 2 files (1 prompt, 1 dataset)\n',
    );
  }

  const clean = await run(dir, '--json', 'prompts/github');
  assert.equal(clean.code, 0);
  const ok = JSON.parse(clean.stdout) as ValidateReport;
  assert.equal(ok.ok, true);
  assert.equal(ok.files.length, 5);
  assert.ok(ok.files.every((f) => f.kind === 'prompt' && f.ok && f.problems.length === 0));
});

test('a directory argument is searched like the cwd; an empty one validates nothing', async () => {
  const dir = await cleanProject('dirs');
  const r = await run(join(dir, 'environments'), '..');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^validate: 9 files OK/);
  await mkdir(join(dir, 'empty'));
  const e = await run(join(dir, 'empty'));
  assert.equal(e.code, 0);
  assert.equal(e.stdout, 'validate: no prompt files found\n');
});

test('a usage error exits 2', async () => {
  const r = await run(root, '--no-such-flag');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option '--no-such-flag'/);
});

test('validate --help shows examples', async () => {
  const m = memoryContext(root);
  assert.equal(await runCli(['validate', '--help'], m.ctx), 0);
  assert.match(m.stdout(), /Examples:\n {2}npx evohub validate\n/);
});

test('the spawned binary validates and exits 1 on a broken file', async () => {
  const dir = await cleanProject('spawned');
  await writeFile(join(dir, 'prompts/bad.prompt.yml'), 'messages:\n  - role: user\n    content: [x\n');
  const r = spawnSync(process.execPath, [bin, 'validate'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^prompts\/bad\.prompt\.yml:\d+:\d+: YAML syntax error: /m);
  assert.match(r.stdout, /validate: 1 problem in 1 of 10 files/);
  const ok = spawnSync(process.execPath, [bin, 'validate', 'prompts/github'], { cwd: dir, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
});

test('paths out of the repository (../, absolute, symlinks) are located errors and never read', async () => {
  const dir = await cleanProject('escape');
  const outside = join(root, 'outside.jsonl');
  // Lines that would be printed as "invalid JSON" problems if evohub read the file.
  await writeFile(outside, 'root:x:0:0:root:/root:/bin/bash\n{"ticket":"SECRET-ROW","expected":"x"}\n');
  await writeFile(
    join(dir, 'prompts/up.prompt.yml'),
    triage.replace('../datasets/triage.jsonl', '../../outside.jsonl'),
  );
  await writeFile(join(dir, 'prompts/abs.prompt.yml'), triage.replace('../datasets/triage.jsonl', outside));
  await symlink(outside, join(dir, 'datasets/pw.jsonl'));
  await writeFile(join(dir, 'prompts/link.prompt.yml'), triage.replace('triage.jsonl', 'pw.jsonl'));
  const r = await run(dir);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stdout + r.stderr, /root:x|SECRET-ROW/);
  for (const f of ['up', 'abs', 'link']) {
    assert.match(
      r.stdout,
      new RegExp(`prompts/${f}\\.prompt\\.yml:8:\\d+: testData .* outside the repository`),
      f,
    );
  }
  assert.match(r.stdout, /3 problems in 3 of/);
  // eval refuses the same prompt before any call.
  const m = memoryContext(dir);
  assert.equal(await runCli(['eval', 'prompts/link.prompt.yml'], m.ctx), 1);
  assert.match(m.stderr(), /outside the repository/);
  assert.doesNotMatch(m.stdout() + m.stderr(), /root:x|SECRET-ROW/);
});
