/**
 * The scenario end to end: `evohub evolve` whose winner commit meets a full disk (the repository's
 * `.git/objects` on a full tmpfs), then `evolve --resume` once space is freed. Needs permission to mount a tmpfs
 * (root); skipped otherwise — `durable-fs.test.ts` covers the logic with an injected ENOSPC.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, it } from 'node:test';
import { memoryContext } from '../../cli/context.ts';
import { runCli } from '../../cli/main.ts';
import { fsckStrict, git, removeDir, tempDir } from './testing.ts';

const work = tempDir('evohub-full-disk-');
let mounted: string | undefined;
after(() => {
  if (mounted) execFileSync('umount', [mounted]);
  removeDir(work);
});

async function run(cwd: string, ...args: string[]) {
  const m = memoryContext(cwd, { GIT_AUTHOR_NAME: 'Ada Tester', GIT_AUTHOR_EMAIL: 'ada@example.com' });
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

it('evolve on a full disk: one line, fsck clean, no branch; --resume after freeing space commits a sound winner', async (t) => {
  const init = await run(work, 'init', 'repo', '--template', 'classification');
  assert.equal(init.code, 0, init.err);
  const dir = path.join(work, 'repo');
  const objects = path.join(dir, '.git/objects');
  const saved = path.join(work, 'objects');
  cpSync(objects, saved, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', objects], { stdio: 'pipe' });
  } catch {
    t.skip('cannot mount a tmpfs here (needs root)');
    return;
  }
  mounted = objects;
  cpSync(saved, objects, { recursive: true });
  // Fill the object store to the last byte.
  const filler = path.join(objects, 'filler');
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { stdio: 'pipe' });
  } catch {
    // dd stops with "No space left on device": the disk is full, as wanted.
  }

  const full = await run(dir, 'evolve', 'ticket-triage', '--seed', '1', '--generations', '2');
  assert.equal(full.code, 1, full.out);
  // Progress lines go to stderr too; the error is one line.
  const lines = full.err.split('\n').filter((l) => l.startsWith('evohub:'));
  assert.equal(lines.length, 1, full.err);
  assert.match(
    lines[0] ?? '',
    /^evohub: .*\.git\/objects\/[0-9a-f]{2}\/[0-9a-f]{38}: no space left on the device \(ENOSPC\)/,
  );
  assert.doesNotMatch(full.err, /internal error/);
  fsckStrict(dir);
  assert.equal(git(dir, 'branch', '--list', 'evohub/*'), '');
  const runId = /run (\d{8}T\d{6}-[0-9a-f]+)/.exec(full.out + full.err)?.[1];
  assert.ok(runId, full.out);

  rmSync(filler);
  const resumed = await run(dir, 'evolve', 'ticket-triage', '--resume', runId);
  assert.equal(resumed.code, 0, resumed.err);
  fsckStrict(dir);
  const branch = `evohub/ticket-triage/${runId}`;
  assert.match(git(dir, 'show', `${branch}:prompts/ticket-triage.prompt.yml`), /^version: 2$/m);
  const shown = await run(dir, 'show', `ticket-triage@${branch}`);
  assert.equal(shown.code, 0, shown.err);
});
