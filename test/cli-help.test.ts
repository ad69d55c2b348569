import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { memoryContext } from '../cli/context.ts';
import { runCli } from '../cli/main.ts';

const bin = fileURLToPath(new URL('../cli/bin.ts', import.meta.url));

test('evohub --help lists the program and exits 0', async () => {
  const m = memoryContext(process.cwd());
  const code = await runCli(['--help'], m.ctx);
  assert.equal(code, 0);
  assert.match(m.stdout(), /Usage: evohub/);
});

test('an unknown command is a usage error (exit 2)', async () => {
  const m = memoryContext(process.cwd());
  const code = await runCli(['no-such-command'], m.ctx);
  assert.equal(code, 2);
  assert.match(m.stderr(), /error: (unknown command|too many arguments)/);
});

test('the spawned binary prints its version', () => {
  const r = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\d+\.\d+\.\d+/);
});
