/** The spawned tier: the real `evohub` binary on a real repository. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { git } from '../../adapters/git/testing.ts';
import { tempDirsRemovedAfter } from '../../test/support/temp-dirs.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const bin = fileURLToPath(new URL('../bin.ts', import.meta.url));
const temp = tempDirsRemovedAfter();

function evohub(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'E2e', GIT_AUTHOR_EMAIL: 'e2e@example.com' },
  });
}

test('init, show, log, diff and promote through the binary; exit codes 0/1/2', () => {
  const parent = temp.dir();
  const init = evohub(parent, 'init', 'repo', '--template', 'extraction');
  assert.equal(init.status, 0, init.stderr);
  const dir = `${parent}/repo`;
  git(dir, 'fsck', '--strict');
  assert.equal(git(dir, 'log', '--format=%an|%s'), 'E2e|evohub init: scaffold from template extraction\n');

  const show = evohub(dir, 'show', 'invoice-extract@HEAD', '--json');
  assert.equal(show.status, 0, show.stderr);
  assert.equal(JSON.parse(show.stdout).path, 'prompts/invoice-extract.prompt.yml');

  const log = evohub(dir, 'log', 'invoice-extract');
  assert.equal(log.status, 0, log.stderr);
  assert.match(log.stdout, /evohub init: scaffold from template extraction/);

  const diff = evohub(dir, 'diff', 'invoice-extract@HEAD', 'invoice-extract');
  assert.equal(diff.status, 0, diff.stderr);
  assert.match(diff.stdout, /\(no differences\)/);

  const unknown = evohub(dir, 'show', 'invoice-extract@no-such-rev');
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /^evohub: unknown revision invoice-extract@no-such-rev \(tried /);
  assert.equal(unknown.stderr.trim().split('\n').length, 1);

  const usage = evohub(dir, 'promote', 'invoice-extract@HEAD');
  assert.equal(usage.status, 2, 'missing --env');

  const outside = temp.dir();
  const notRepo = evohub(outside, 'log', 'x');
  assert.equal(notRepo.status, 1);
  assert.match(notRepo.stderr, /not inside a git repository/);
});

test('every history command has --help with examples', async () => {
  for (const cmd of ['init', 'log', 'show', 'diff', 'promote']) {
    const m = memoryContext(process.cwd());
    assert.equal(await runCli([cmd, '--help'], m.ctx), 0);
    assert.match(m.stdout(), /Examples:\n {2}npx evohub /, cmd);
  }
});
