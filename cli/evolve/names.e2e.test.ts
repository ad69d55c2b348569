/**
 * [issue 15, item 10] A run id or prompt name git cannot use as a branch name is refused before the first paid
 * call: nothing is evaluated, cached or stored.
 */
import assert from 'node:assert/strict';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commitTemplateCopy, tempDir } from '../../adapters/git/testing.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const templates = fileURLToPath(new URL('../../templates/classification/', import.meta.url));
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const dir = tempDir('evohub-names-');
  dirs.push(dir);
  commitTemplateCopy(templates, dir);
  return dir;
}

async function evolve(dir: string, args: string[]) {
  const m = memoryContext(dir, { PATH: process.env.PATH ?? '', HOME: dir });
  const code = await runCli(['evolve', ...args, '--generations', '1', '--population', '2'], m.ctx);
  return { code, err: m.stderr() };
}

for (const runId of ['x.lock', 'a..b']) {
  test(`--run-id ${runId} is refused before any call`, async () => {
    const dir = repo();
    const r = await evolve(dir, ['ticket-triage', '--run-id', runId]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /--run-id/);
    assert.equal(existsSync(join(dir, '.evohub', 'cache')), false, 'no model call was made');
    assert.equal(existsSync(join(dir, '.evohub', 'results.duckdb')), false, 'no run was stored');
  });
}

test('a prompt whose name cannot be part of a branch is refused before any call', async () => {
  const dir = repo();
  renameSync(join(dir, 'prompts/ticket-triage.prompt.yml'), join(dir, 'prompts/triage..v2.prompt.yml'));
  const r = await evolve(dir, ['prompts/triage..v2.prompt.yml']);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /triage\.\.v2/);
  assert.equal(existsSync(join(dir, '.evohub', 'cache')), false, 'no model call was made');
});
