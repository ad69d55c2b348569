/**
 * A "billion laughs" YAML file (aliases of aliases of aliases) is a located error for that file, and the other
 * files are still checked: in validate, show, eval and for evohub.yaml and datasets.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

/** 9 levels of 9 aliases each: 9^9 strings if expanded. */
export function laughs(key = 'lol'): string {
  const lines = ['a0: &a0 [lol]'];
  for (let i = 1; i < 10; i++) {
    lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  }
  lines.push(`${key}: *a9`);
  return `${lines.join('\n')}\n`;
}

const good = `model: simulated/echo
messages:
  - role: user
    content: '{{q}}'
testData:
  - { q: hi }
`;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evohub-laughs-'));
  await mkdir(join(dir, 'prompts'));
  await mkdir(join(dir, 'datasets'));
  await writeFile(join(dir, 'prompts/good.prompt.yml'), good);
  await writeFile(join(dir, 'prompts/lol.prompt.yml'), `${good}${laughs('description')}`);
  await writeFile(
    join(dir, 'prompts/rows.prompt.yml'),
    good.replace(/testData:[\s\S]*$/, 'testData: ../datasets/rows.yaml\n'),
  );
  await writeFile(join(dir, 'datasets/rows.yaml'), `- q: hi\n- ${laughs().trim().replace(/\n/g, '\n  ')}\n`);
  await writeFile(join(dir, 'evohub.yaml'), laughs('x'));
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { cwd: dir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'init');
});
after(() => rm(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const m = memoryContext(dir);
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

const tooMany = /too many YAML alias expansions/;

test('validate: each laughs file is a located problem; the good prompt is still validated', async () => {
  const r = await cli('validate', '--json');
  assert.equal(r.code, 1, r.err);
  assert.doesNotMatch(r.err + r.out, /internal error|Excessive alias count/);
  const report = JSON.parse(r.out) as {
    files: { file: string; ok: boolean; problems: { line?: number; message: string }[] }[];
  };
  const byFile = Object.fromEntries(report.files.map((f) => [f.file, f]));
  assert.equal(byFile['prompts/good.prompt.yml']?.ok, true);
  for (const f of ['prompts/lol.prompt.yml', 'evohub.yaml']) {
    const p = byFile[f]?.problems[0];
    assert.match(p?.message ?? '', tooMany, f);
    assert.equal(typeof p?.line, 'number', f);
  }
  const rows = JSON.stringify(report.files);
  assert.match(rows, /datasets\/rows\.yaml[^}]*too many YAML alias expansions/);
});

test('show and eval name the file and line', async () => {
  for (const spec of ['lol', 'lol@HEAD']) {
    const show = await cli('show', spec, '--json');
    assert.equal(show.code, 1, spec);
    assert.match(show.err, /lol\.prompt\.yml[^:]*:\d+:\d+: too many YAML alias expansions/, spec);
    assert.doesNotMatch(show.err, /internal error/);
  }
  const evalRun = await cli('eval', 'prompts/lol.prompt.yml');
  assert.equal(evalRun.code, 1);
  assert.match(evalRun.err, /\.ya?ml:\d+:\d+: too many YAML alias expansions/);
  assert.doesNotMatch(evalRun.err, /internal error/);
});

test('an alias to no anchor (found by the fuzz harness) is a located problem, not an internal error', async () => {
  await writeFile(join(dir, 'prompts/nowhere.prompt.yml'), `${good}x: *nowhere\n`);
  try {
    const r = await cli('validate', 'prompts/nowhere.prompt.yml');
    assert.equal(r.code, 1);
    assert.match(r.out + r.err, /nowhere\.prompt\.yml:7:4: .*Unresolved alias.*nowhere/);
    assert.doesNotMatch(r.out + r.err, /internal error/);
  } finally {
    await rm(join(dir, 'prompts/nowhere.prompt.yml'));
  }
});
