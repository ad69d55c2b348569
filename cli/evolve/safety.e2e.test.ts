/**
 * [issue 15, item 14] User-facing safety: `.evohub/` ignores itself in a plain repository (no `init`, no
 * .gitignore entry), so `git add -A` never stages the cache or results.duckdb; `evolve` warns when it starts
 * from uncommitted edits to the prompt and records that in the run.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commitTemplateCopy, git, tempDir } from '../../adapters/git/testing.ts';
import type { RunRecord } from '../../core/ports/results-store.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const templates = fileURLToPath(new URL('../../templates/classification/', import.meta.url));
const PROMPT = 'prompts/ticket-triage.prompt.yml';
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const dir = tempDir('evohub-safety-');
  dirs.push(dir);
  commitTemplateCopy(templates, dir);
  return dir;
}

async function evohub(dir: string, args: string[]) {
  const m = memoryContext(dir, { PATH: process.env.PATH ?? '', HOME: dir });
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

test('in a plain repository .evohub/ ignores itself: git add -A stages nothing of it', async () => {
  const dir = repo();
  // A plain repository: no .gitignore entry for .evohub/ (the template, as `init` writes it, has one).
  git(dir, 'rm', '-q', '.gitignore');
  git(dir, 'commit', '-q', '-m', 'plain');
  const r = await evohub(dir, ['eval', 'ticket-triage', '--sample', '3']);
  assert.equal(r.code, 0, r.err);
  assert.equal(readFileSync(join(dir, '.evohub', '.gitignore'), 'utf8'), '*\n');
  git(dir, 'add', '-A');
  assert.equal(git(dir, 'diff', '--cached', '--name-only'), '', 'nothing of .evohub/ is staged');
});

test('evolve from uncommitted edits warns and records the dirty source in the run', async () => {
  const dir = repo();
  const path = join(dir, PROMPT);
  writeFileSync(path, readFileSync(path, 'utf8').replace('We are based in Lisbon', 'We are in Lisbon'));
  const r = await evohub(dir, [
    'evolve',
    'ticket-triage',
    '--generations',
    '1',
    '--population',
    '2',
    '--no-commit',
  ]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /warning: evolving prompts\/ticket-triage\.prompt\.yml from uncommitted edits/);
  const runs = await evohub(dir, ['runs', '--json']);
  const run = (JSON.parse(runs.out) as RunRecord[]).find((x) => x.kind === 'evolve');
  assert.equal(run?.options.source, 'modified');

  // From the committed file: no warning, recorded as committed.
  git(dir, 'checkout', '--', PROMPT);
  const clean = await evohub(dir, [
    'evolve',
    'ticket-triage',
    '--generations',
    '1',
    '--population',
    '2',
    '--no-commit',
  ]);
  assert.equal(clean.code, 0, clean.err);
  assert.doesNotMatch(clean.err, /warning/);
});
