/**
 * [issue 15, item 14] `promote` warns when the pinned commit is not reachable from the default branch, and
 * `--require-merged` refuses it (nothing committed).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commitAll, git, promptYaml, read, write } from '../../adapters/git/testing.ts';
import { tempDirsRemovedAfter } from '../../test/support/temp-dirs.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const temp = tempDirsRemovedAfter();
const P = 'prompts/ticket-triage.prompt.yml';
const ENV = { GIT_AUTHOR_NAME: 'Cli Tester', GIT_AUTHOR_EMAIL: 'cli@example.com', HOME: '/nonexistent' };

async function cli(dir: string, ...args: string[]) {
  const m = memoryContext(dir, ENV);
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

test('pinning an unmerged commit warns; --require-merged refuses; a merged one is quiet', async () => {
  const dir = temp.repo();
  write(dir, P, promptYaml(1, 'Classify the ticket.'));
  write(dir, 'environments/production.yaml', 'prompts:\n  ticket-triage: 1\n');
  commitAll(dir, 'first version', '2026-01-01T00:00:00Z');
  git(dir, 'checkout', '-q', '-b', 'feature');
  write(dir, P, promptYaml(2, 'Classify the ticket. One word.'));
  const unmerged = commitAll(dir, 'unmerged version', '2026-01-02T00:00:00Z');
  git(dir, 'checkout', '-q', 'main');

  const refused = await cli(
    dir,
    'promote',
    `ticket-triage@${unmerged}`,
    '--env',
    'production',
    '--require-merged',
  );
  assert.equal(refused.code, 1, refused.err);
  assert.match(refused.err, /not reachable from the default branch "main"/);
  assert.equal(read(dir, 'environments/production.yaml'), 'prompts:\n  ticket-triage: 1\n', 'nothing pinned');

  const warned = await cli(dir, 'promote', `ticket-triage@${unmerged}`, '--env', 'production');
  assert.equal(warned.code, 0, warned.err);
  assert.match(warned.err, /warning: commit [0-9a-f]{7} is not reachable from the default branch "main"/);

  const merged = await cli(dir, 'promote', 'ticket-triage@1', '--env', 'production', '--require-merged');
  assert.equal(merged.code, 0, merged.err);
  assert.equal(merged.err, '');
});
