import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { GitError } from '../../core/errors.ts';
import { tempDirsRemovedAfter } from '../../test/support/temp-dirs.ts';
import { openGitRepository } from './isomorphic-git-repository.ts';
import { commitAll, write } from './testing.ts';

const temp = tempDirsRemovedAfter();

describe('head()', () => {
  test('null on an unborn branch, the commit once there is one', async () => {
    const dir = temp.repo();
    const repo = await openGitRepository(dir);
    assert.equal(await repo.head(), null);
    write(dir, 'README.md', 'hello\n');
    const c1 = commitAll(dir, 'first', '2026-01-01T00:00:00Z');
    assert.equal(await repo.head(), c1);
  });

  test('a damaged HEAD or branch ref is a GitError, not an empty repository', async () => {
    const dir = temp.repo();
    write(dir, 'README.md', 'hello\n');
    commitAll(dir, 'first', '2026-01-01T00:00:00Z');
    const repo = await openGitRepository(dir);
    writeFileSync(path.join(dir, '.git/refs/heads/main'), 'not-an-oid\n');
    await assert.rejects(
      repo.head(),
      (e: unknown) => e instanceof GitError && /HEAD.*cannot be resolved/.test(e.message),
    );
    writeFileSync(path.join(dir, '.git/HEAD'), 'garbage\n');
    await assert.rejects(repo.head(), GitError);
  });
});
