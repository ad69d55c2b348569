import assert from 'node:assert/strict';
import { renameSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDirsRemovedAfter } from '../../../test/support/temp-dirs.ts';
import { commitAll, git, promptYaml, write } from '../testing.ts';
import { contentsOf, freshIndex } from './testing.ts';

const temp = tempDirsRemovedAfter();

const WEIRD = [
  'sp ace.prompt.yml',
  'q"uo\\te.prompt.yml',
  'new\nline.prompt.yml',
  'ta\tb.prompt.yml',
  'ünï/çødé.prompt.yml',
];

/** Paths `git log` would quote, a symlink out of the repository and one inside, a gitlink, renames, merges. */
function oddHistory(): string {
  const dir = temp.repo();
  // Rename detection on in the repository's config must not turn a rename into one entry.
  git(dir, 'config', 'diff.renames', 'copies');
  for (const p of WEIRD) write(dir, p, promptYaml(1, p));
  symlinkSync('/etc/passwd', path.join(dir, 'out.prompt.yml'));
  symlinkSync('sp ace.prompt.yml', path.join(dir, 'in.prompt.yml'));
  const sub = path.join(dir, 'sub.prompt.yml');
  git(dir, 'init', '-q', sub);
  git(sub, '-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-q', '--allow-empty', '-m', 'sub');
  commitAll(dir, 'odd paths', '2026-01-01T00:00:00Z');

  renameSync(path.join(dir, 'sp ace.prompt.yml'), path.join(dir, 'renamed.prompt.yml'));
  rmSync(path.join(dir, 'ta\tb.prompt.yml'));
  symlinkSync('/etc/hostname', path.join(dir, 'ta\tb.prompt.yml'));
  rmSync(path.join(dir, 'out.prompt.yml'));
  symlinkSync('/etc/hostname', path.join(dir, 'out.prompt.yml'));
  commitAll(dir, 'rename; a file becomes a symlink; a symlink moves', '2026-01-02T00:00:00Z');

  git(dir, 'checkout', '-q', '-b', 'side');
  write(dir, 'q"uo\\te.prompt.yml', promptYaml(2, 'side'));
  write(dir, 'ünï/çødé.prompt.yml', promptYaml(3, 'side'));
  commitAll(dir, 'side', '2026-01-03T00:00:00Z');
  git(dir, 'checkout', '-q', 'main');
  write(dir, 'ünï/çødé.prompt.yml', promptYaml(2, 'main'));
  write(dir, 'new\nline.prompt.yml', promptYaml(2, 'main'));
  commitAll(dir, 'main', '2026-01-04T00:00:00Z');
  // A conflict resolved with a third text: the merge itself makes that version.
  try {
    git(dir, 'merge', '-q', '--no-edit', 'side');
  } catch {
    write(dir, 'ünï/çødé.prompt.yml', promptYaml(5, 'resolved'));
  }
  commitAll(dir, 'merge side', '2026-01-05T00:00:00Z');
  write(dir, 'renamed.prompt.yml', promptYaml(6, 'no message'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty-message', '-m', '');
  return dir;
}

test('git log -z parsing: odd paths, symlinks, gitlinks, renames and merges, as the JavaScript walk sees them', async () => {
  const dir = oddHistory();
  const tip = git(dir, 'rev-parse', 'HEAD').trim();
  const fast = await contentsOf(await freshIndex(dir, tip, true));
  assert.deepEqual(fast, await contentsOf(await freshIndex(dir, tip, false)));
  // No symlink (in or out of the repository) and no gitlink is a prompt file: never read through the link.
  assert.deepEqual(fast.paths, [
    'new\nline.prompt.yml',
    'q"uo\\te.prompt.yml',
    'renamed.prompt.yml',
    'sp ace.prompt.yml',
    'ta\tb.prompt.yml',
    'ünï/çødé.prompt.yml',
  ]);
  const versions = (p: string) =>
    fast.history[fast.paths.indexOf(p)]?.map((e) => [e.commit.message, e.version]);
  assert.deepEqual(versions('sp ace.prompt.yml'), [
    ['rename; a file becomes a symlink; a symlink moves\n', null],
    ['odd paths\n', 1],
  ]);
  assert.deepEqual(versions('renamed.prompt.yml'), [
    ['', 6],
    ['rename; a file becomes a symlink; a symlink moves\n', 1],
  ]);
  assert.deepEqual(versions('ta\tb.prompt.yml'), [
    ['rename; a file becomes a symlink; a symlink moves\n', null],
    ['odd paths\n', 1],
  ]);
  // Every parent's change is listed at its own commit (not first-parent only); a merge lists only a new text.
  assert.deepEqual(versions('ünï/çødé.prompt.yml'), [
    ['merge side\n', 5],
    ['main\n', 2],
    ['side\n', 3],
    ['odd paths\n', 1],
  ]);
  assert.deepEqual(versions('q"uo\\te.prompt.yml'), [
    ['side\n', 2],
    ['odd paths\n', 1],
  ]);
  assert.deepEqual(versions('new\nline.prompt.yml'), [
    ['main\n', 2],
    ['odd paths\n', 1],
  ]);
});
