import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tempDirsRemovedAfter } from '../../../test/support/temp-dirs.ts';
import { commitAll, git, promptYaml, write } from '../testing.ts';
import { gitHandle } from '../trees.ts';
import { type IndexReader, updateIndex } from '../version-index.ts';
import { contentsOf, freshIndex, writePrompts } from './testing.ts';

const temp = tempDirsRemovedAfter();

/** 200 prompts (8 buckets), so that an incremental update visibly keeps most bucket files. */
function manyPrompts(): string {
  const dir = temp.repo();
  writePrompts(dir, 0, 200);
  commitAll(dir, 'many', '2026-01-01T00:00:00Z');
  return dir;
}

/** Commits bumping prompt `p` to version `v`, one minute apart (committer time orders the index). */
function bumper(dir: string): (p: number, v: number) => string {
  let minute = 0;
  return (p, v) => {
    write(dir, `p${p}.prompt.yml`, promptYaml(v, `p${p} v${v}`));
    minute += 1;
    return commitAll(dir, `p${p} v${v}`, new Date(Date.UTC(2026, 1, 1, 0, minute)).toISOString());
  };
}

/**
 * Brings `index` to HEAD and checks it against a build from scratch (stored elsewhere), entry for entry.
 * `kept`: how many bucket files the update left as they were (none after a rebuild).
 */
async function step(dir: string, index: IndexReader): Promise<{ index: IndexReader; kept: number }> {
  const tip = git(dir, 'rev-parse', 'HEAD').trim();
  const next = await updateIndex(gitHandle(dir), dir, index, tip, [], { gitBinary: true });
  const fresh = await freshIndex(dir, tip, true, temp.dir());
  assert.deepEqual(await contentsOf(next), await contentsOf(fresh), `index at ${tip}`);
  const kept = next.manifest.buckets.filter((b, n) => b === index.manifest.buckets[n]).length;
  return { index: next, kept };
}

describe('the version index after history is rewritten', () => {
  test('reset, new commits, a reset back and a rebase each give what a build from scratch gives', async () => {
    const dir = manyPrompts();
    const bump = bumper(dir);
    bump(1, 2);
    const base = bump(2, 2);
    bump(3, 2);
    write(dir, 'only-on-old.prompt.yml', promptYaml(1, 'doomed'));
    bump(1, 3);
    let index = await freshIndex(dir, git(dir, 'rev-parse', 'HEAD').trim());
    assert.equal(index.manifest.buckets.length, 8);

    // A reset to `base` and other commits on top (a force-push): p3's and p1's later versions and the path only
    // the dropped commits had go; the new versions come.
    git(dir, 'reset', '-q', '--hard', base);
    bump(4, 2);
    bump(1, 7);
    let r = await step(dir, index);
    index = r.index;
    assert.ok(r.kept >= 4, `most bucket files kept (${r.kept} of 8): not a rebuild`);
    assert.equal((await index.paths()).includes('only-on-old.prompt.yml'), false);
    assert.deepEqual(
      (await index.history('p1.prompt.yml')).map((e) => e.version),
      [7, 2, 1],
    );

    // Back to an ancestor: only drops.
    git(dir, 'reset', '-q', '--hard', 'HEAD~1');
    r = await step(dir, index);
    index = r.index;
    assert.deepEqual(
      (await index.history('p1.prompt.yml')).map((e) => e.version),
      [2, 1],
    );

    // A side branch merged, then the merge undone and the branch rebased instead.
    git(dir, 'checkout', '-q', '-b', 'side');
    bump(5, 2);
    bump(6, 2);
    git(dir, 'checkout', '-q', 'main');
    bump(7, 2);
    git(dir, 'merge', '-q', '--no-edit', 'side');
    index = (await step(dir, index)).index;
    git(dir, 'reset', '-q', '--hard', 'HEAD~1');
    git(dir, 'checkout', '-q', 'side');
    git(dir, 'rebase', '-q', 'main');
    index = (await step(dir, index)).index;
    assert.deepEqual(
      (await index.history('p5.prompt.yml')).map((e) => e.version),
      [2, 1],
    );

    // A branch that shares no commit: a rebuild, still equal.
    git(dir, 'checkout', '-q', '--orphan', 'other');
    bump(8, 9);
    r = await step(dir, index);
    assert.equal(r.kept, 0, 'unrelated history: every bucket written again');
  });

  test('a merged branch older than the indexed commits: its entries take their place by commit time', async () => {
    const dir = manyPrompts();
    git(dir, 'checkout', '-q', '-b', 'side');
    write(dir, 'p9.prompt.yml', promptYaml(2, 'side, in January'));
    commitAll(dir, 'side', '2026-01-10T00:00:00Z');
    git(dir, 'checkout', '-q', 'main');
    write(dir, 'p9.prompt.yml', promptYaml(3, 'main, in February'));
    const main = commitAll(dir, 'main', '2026-02-01T00:00:00Z');
    const index = await freshIndex(dir, main);
    git(dir, 'merge', '-q', '-s', 'ours', '--no-edit', 'side');
    const { index: merged } = await step(dir, index);
    assert.deepEqual(
      (await merged.history('p9.prompt.yml')).map((e) => e.version),
      [3, 2, 1],
    );
  });
});
