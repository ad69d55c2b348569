import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConflictError, GitError } from '../../core/errors.ts';
import { tempDirsRemovedAfter } from '../../test/support/temp-dirs.ts';
import { openGitRepository } from './isomorphic-git-repository.ts';
import { commitAll, fsckStrict, git, promptYaml, read, refsSnapshot, write } from './testing.ts';
import { MANIFEST_PATH } from './version-index.ts';

const temp = tempDirsRemovedAfter();
const P = 'prompts/ticket-triage.prompt.yml';
const author = { name: 'Evo Hub', email: 'evo@example.com' };

/** Three versions with the git CLI, a tag of each kind, a branch, then `git gc` (packfiles and packed refs). */
function cliHistory(): { dir: string; c1: string; c2: string; c3: string } {
  const dir = temp.repo();
  write(dir, P, promptYaml(1, 'Classify the ticket.'));
  write(dir, 'README.md', 'hello\n');
  const c1 = commitAll(dir, 'first version', '2026-01-01T00:00:00Z');
  git(dir, 'tag', 'light-v1');
  write(dir, P, promptYaml(2, 'Classify the ticket.\nBe brief.'));
  const c2 = commitAll(dir, 'second version', '2026-01-02T00:00:00Z');
  git(dir, 'tag', '-a', 'release-2', '-m', 'annotated');
  git(dir, 'branch', 'old-main');
  write(dir, 'README.md', 'unrelated\n');
  commitAll(dir, 'readme only', '2026-01-03T00:00:00Z');
  write(dir, P, promptYaml(3, 'Classify the ticket into billing, bug or other.'));
  const c3 = commitAll(dir, 'third version', '2026-01-04T00:00:00Z');
  git(dir, 'gc', '-q', '--prune=now');
  return { dir, c1, c2, c3 };
}

describe('opening', () => {
  test('a folder that is not a git repository is a GitError naming it, with a hint', async () => {
    const dir = temp.dir();
    await assert.rejects(openGitRepository(dir), (e: unknown) => {
      assert.ok(e instanceof GitError);
      assert.match(e.userMessage(), new RegExp(`${dir}.*not inside a git repository.*git init.*evohub init`));
      return true;
    });
  });

  test('a sub-folder opens the repository around it', async () => {
    const { dir } = cliHistory();
    const repo = await openGitRepository(path.join(dir, 'prompts'));
    assert.equal(repo.root, dir);
  });
});

describe('reading repositories made by the git CLI (after git gc)', () => {
  test('the objects are packed and the refs are packed', () => {
    const { dir } = cliHistory();
    assert.match(read(dir, '.git/packed-refs'), /refs\/tags\/release-2/);
    assert.equal(git(dir, 'count-objects', '-v').match(/^count: (\d+)/m)?.[1], '0');
  });

  test('resolves branches, lightweight and annotated tags (peeled), oids, abbreviations and ~N', async () => {
    const { dir, c1, c2, c3 } = cliHistory();
    const repo = await openGitRepository(dir);
    assert.equal(await repo.resolveCommit('HEAD'), c3);
    assert.equal(await repo.resolveCommit('main'), c3);
    assert.equal(await repo.resolveCommit('old-main'), c2);
    assert.equal(await repo.resolveCommit('light-v1'), c1);
    assert.equal(await repo.resolveCommit('release-2'), c2, 'annotated tag peeled to its commit');
    assert.equal(await repo.resolveCommit('refs/tags/release-2'), c2);
    assert.equal(await repo.resolveCommit(c1), c1);
    assert.equal(await repo.resolveCommit(c1.slice(0, 7)), c1);
    assert.equal(await repo.resolveCommit('HEAD~3'), c1);
    assert.equal(await repo.resolveCommit('main^'), git(dir, 'rev-parse', 'main^').trim());
    assert.equal(await repo.resolveCommit('no-such-branch'), null);
    assert.equal(await repo.resolveCommit('deadbeef'), null);
    assert.equal(await repo.resolveCommit('HEAD~10'), null);
    assert.equal(await repo.resolveCommit('main^0'), c3);
    assert.equal(await repo.resolveCommit('config'), null, 'files in .git are not refs');
  });

  test('reads files and lists prompt files at a commit', async () => {
    const { dir, c1 } = cliHistory();
    const repo = await openGitRepository(dir);
    const f = await repo.readFileAt(c1, P);
    assert.equal(f?.text, promptYaml(1, 'Classify the ticket.'));
    assert.equal(f?.blob, git(dir, 'rev-parse', `${c1}:${P}`).trim());
    assert.equal(await repo.readFileAt(c1, 'prompts/missing.prompt.yml'), null);
    assert.deepEqual(await repo.listPromptFilesAt(c1), [P]);
  });

  test('history lists the commits that changed the file, newest first, with versions, authors and messages', async () => {
    const { dir, c1, c2, c3 } = cliHistory();
    const repo = await openGitRepository(dir);
    const h = await repo.history(P);
    assert.deepEqual(
      h.map((e) => [e.commit.oid, e.version, e.commit.message.trim()]),
      [
        [c3, 3, 'third version'],
        [c2, 2, 'second version'],
        [c1, 1, 'first version'],
      ],
    );
    assert.deepEqual(h[0]?.commit.author, { name: 'Ada Tester', email: 'ada@example.com' });
    assert.equal(h[0]?.commit.date, '2026-01-04T00:00:00.000Z');
    assert.deepEqual(await repo.knownPromptPaths(), [P]);
  });
});

describe('the version index', () => {
  test('is written under .evohub, extended incrementally, never stale after a reset, rebuilt when corrupt', async () => {
    const { dir, c2, c3 } = cliHistory();
    const repo = await openGitRepository(dir);
    await repo.history(P);
    const stored = JSON.parse(read(dir, MANIFEST_PATH));
    assert.equal(stored.tip, c3);
    assert.equal(stored.pathCount, 1);
    assert.equal(git(dir, 'status', '--porcelain'), '', '.evohub/ ignores itself');

    write(dir, P, promptYaml(4, 'v4'));
    const c4 = commitAll(dir, 'fourth', '2026-01-05T00:00:00Z');
    assert.deepEqual(
      (await repo.history(P)).map((e) => e.version),
      [4, 3, 2, 1],
    );
    const extended = JSON.parse(read(dir, MANIFEST_PATH));
    assert.equal(extended.tip, c4);
    assert.notEqual(extended.buckets[0], stored.buckets[0], 'the touched bucket is a new file');
    assert.deepEqual(
      readdirSync(path.join(dir, '.evohub/version-index')).sort(),
      [extended.buckets[0], 'manifest.json', extended.paths].sort(),
      'files of the old generation removed',
    );

    git(dir, 'reset', '-q', '--hard', c2);
    const fresh = await openGitRepository(dir);
    assert.deepEqual(
      (await fresh.history(P)).map((e) => e.version),
      [2, 1],
      'versions from commits no longer reachable are gone',
    );

    writeFileSync(path.join(dir, MANIFEST_PATH), '{"format": 1, "tip": "garbage');
    const again = await openGitRepository(dir);
    assert.deepEqual(
      (await again.history(P)).map((e) => e.version),
      [2, 1],
    );
    assert.equal(JSON.parse(read(dir, MANIFEST_PATH)).tip, c2);

    const bucket = JSON.parse(read(dir, MANIFEST_PATH)).buckets[0];
    writeFileSync(path.join(dir, '.evohub/version-index', bucket), '{"prompts": ');
    const third = await openGitRepository(dir);
    assert.deepEqual(
      (await third.versions(P)).map((e) => e.version),
      [2, 1],
      'a corrupt bucket is rebuilt',
    );
    rmSync(path.join(dir, '.evohub/version-index', JSON.parse(read(dir, MANIFEST_PATH)).buckets[0]));
    assert.equal(
      (await (await openGitRepository(dir)).history(P))[0]?.commit.message,
      'second version\n',
      'a deleted bucket is rebuilt',
    );
  });

  test('an index of the older one-file format is replaced', async () => {
    const { dir, c3 } = cliHistory();
    mkdirSync(path.join(dir, '.evohub'), { recursive: true });
    writeFileSync(path.join(dir, '.evohub/version-index.json'), JSON.stringify({ format: 2, tip: c3 }));
    const repo = await openGitRepository(dir);
    assert.deepEqual(
      (await repo.versions(P)).map((e) => e.version),
      [3, 2, 1],
    );
    assert.equal(existsSync(path.join(dir, '.evohub/version-index.json')), false);
  });

  test('an index file that cannot be read is an error, not an empty history to rebuild over', async () => {
    const { dir } = cliHistory();
    // A directory where the cache file should be: reading it fails with EISDIR (root ignores file modes).
    mkdirSync(path.join(dir, MANIFEST_PATH), { recursive: true });
    const repo = await openGitRepository(dir);
    // Failing on the read (not later, when a rebuilt index is written over it): nothing was recomputed.
    await assert.rejects(
      repo.history(P),
      (e: Error & { code?: string; syscall?: string }) => e.code === 'EISDIR' && e.syscall === 'read',
    );
  });

  test('an unreadable shallow file is an error, not a full clone', async () => {
    const { dir } = cliHistory();
    mkdirSync(path.join(dir, '.git', 'shallow'));
    const repo = await openGitRepository(dir);
    await assert.rejects(repo.history(P), /EISDIR/);
  });

  test('a change made on a merged branch is listed once, at its own commit', async () => {
    const dir = temp.repo();
    write(dir, P, promptYaml(1, 'one'));
    write(dir, 'other.txt', 'a\n');
    commitAll(dir, 'v1', '2026-01-01T00:00:00Z');
    git(dir, 'checkout', '-q', '-b', 'side');
    write(dir, P, promptYaml(2, 'two'));
    const side = commitAll(dir, 'v2 on side', '2026-01-02T00:00:00Z');
    git(dir, 'checkout', '-q', 'main');
    write(dir, 'other.txt', 'b\n');
    commitAll(dir, 'other change', '2026-01-03T00:00:00Z');
    git(dir, 'merge', '-q', '--no-edit', 'side');
    const repo = await openGitRepository(dir);
    const h = await repo.history(P);
    assert.deepEqual(
      h.map((e) => e.version),
      [2, 1],
    );
    assert.equal(h[0]?.commit.oid, side);
  });
});

describe('shallow clones (CI checkouts)', () => {
  test('history starts at the shallow boundary, and grows when the clone is deepened', async () => {
    const { dir } = cliHistory();
    const clone = temp.dir();
    git(clone, 'clone', '-q', '--depth', '2', `file://${dir}`, 'c');
    const c = path.join(clone, 'c');
    const repo = await openGitRepository(c);
    assert.deepEqual(
      (await repo.history(P)).map((e) => e.version),
      [3, 2],
      'the boundary commit (README only) lists the file as it was there',
    );
    git(c, 'fetch', '-q', '--unshallow');
    assert.deepEqual(
      (await repo.history(P)).map((e) => e.version),
      [3, 2, 1],
    );
  });

  test('a revision beyond the shallow boundary resolves to nothing (not a crash)', async () => {
    const { dir } = cliHistory();
    const clone = temp.dir();
    git(clone, 'clone', '-q', '--depth', '1', `file://${dir}`, 'c');
    const repo = await openGitRepository(path.join(clone, 'c'));
    assert.equal(await repo.resolveCommit('HEAD~1'), null);
    assert.equal(await repo.resolveCommit('HEAD~2'), null);
  });
});

describe('status', () => {
  test('clean, modified (staged or not), untracked, absent', async () => {
    const { dir } = cliHistory();
    const repo = await openGitRepository(dir);
    assert.equal(await repo.status(P), 'clean');
    write(dir, P, 'edited\n');
    assert.equal(await repo.status(P), 'modified');
    git(dir, 'add', P);
    assert.equal(await repo.status(P), 'modified');
    write(dir, 'prompts/new.prompt.yml', 'x\n');
    assert.equal(await repo.status('prompts/new.prompt.yml'), 'untracked');
    assert.equal(await repo.status('prompts/none.prompt.yml'), 'absent');
  });
});

describe('committing', () => {
  test('commit() on the current branch: git log/show read it, fsck --strict passes, the tree stays clean', async () => {
    const { dir, c3 } = cliHistory();
    const repo = await openGitRepository(dir);
    const text = promptYaml(4, 'Written by evohub.');
    const oid = await repo.commit(
      [
        { path: P, content: text },
        { path: 'environments/staging.yaml', content: 'prompts:\n  ticket-triage: 4\n' },
        { path: 'README.md', content: null },
      ],
      'evohub: bump ticket-triage to 4',
      { author, timestamp: 1_800_000_000 },
    );
    fsckStrict(dir);
    assert.equal(git(dir, 'rev-parse', 'main').trim(), oid);
    assert.equal(git(dir, 'rev-parse', 'HEAD^').trim(), c3);
    assert.equal(git(dir, 'show', `HEAD:${P}`), text);
    assert.equal(
      git(dir, 'log', '-1', '--format=%an <%ae>|%s|%at'),
      'Evo Hub <evo@example.com>|evohub: bump ticket-triage to 4|1800000000\n',
    );
    assert.equal(read(dir, P), text);
    assert.equal(git(dir, 'status', '--porcelain'), '', 'working tree and index match the new commit');
    assert.equal(git(dir, 'ls-tree', '--name-only', 'HEAD').includes('README.md'), false);
    assert.equal((await repo.history(P))[0]?.version, 4);
  });

  for (const staged of [false, true]) {
    test(`commit() refuses a file with ${staged ? 'staged' : 'unstaged'} edits and changes no file or ref`, async () => {
      const { dir } = cliHistory();
      write(dir, P, 'my precious edit\n');
      if (staged) git(dir, 'add', P);
      const refs = refsSnapshot(dir);
      const indexBytes = readFileSync(path.join(dir, '.git/index'));
      const other = read(dir, 'README.md');
      const repo = await openGitRepository(dir);
      await assert.rejects(
        repo.commit(
          [
            { path: 'README.md', content: 'would change\n' },
            { path: P, content: promptYaml(9, 'overwrite') },
          ],
          'must not happen',
        ),
        (e: unknown) => e instanceof ConflictError && e.userMessage().includes(P),
      );
      assert.equal(refsSnapshot(dir), refs);
      assert.equal(read(dir, P), 'my precious edit\n');
      assert.equal(read(dir, 'README.md'), other);
      assert.deepEqual(readFileSync(path.join(dir, '.git/index')), indexBytes);
    });
  }

  test("commit() respects git's ref lock: a held main.lock means ConflictError and nothing changes", async () => {
    const { dir } = cliHistory();
    writeFileSync(path.join(dir, '.git/refs/heads/main.lock'), '');
    const refs = refsSnapshot(dir);
    const before = read(dir, 'README.md');
    const repo = await openGitRepository(dir);
    await assert.rejects(repo.commit([{ path: 'README.md', content: 'new\n' }], 'blocked'), (e: unknown) => {
      assert.ok(e instanceof ConflictError);
      assert.match(e.userMessage(), /cannot lock refs\/heads\/main.*another git process may be running/);
      return true;
    });
    assert.equal(refsSnapshot(dir), refs);
    assert.equal(read(dir, 'README.md'), before);
    rmSync(path.join(dir, '.git/refs/heads/main.lock'));
    await repo.commit([{ path: 'README.md', content: 'new\n' }], 'unblocked');
    assert.equal(git(dir, 'log', '-1', '--format=%s').trim(), 'unblocked');
    assert.equal(git(dir, 'status', '--porcelain'), '');
  });

  test('commit() in a repository with no commits yet makes the root commit', async () => {
    const dir = temp.repo();
    const repo = await openGitRepository(dir);
    const oid = await repo.commit([{ path: 'a/b.txt', content: 'b\n' }], 'root', { author });
    fsckStrict(dir);
    assert.equal(git(dir, 'rev-parse', 'HEAD').trim(), oid);
    assert.equal(git(dir, 'status', '--porcelain'), '');
  });

  test('commitToBranch() leaves the current branch, working tree and index alone', async () => {
    const { dir, c3 } = cliHistory();
    write(dir, P, 'uncommitted user edit\n');
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    const indexBytes = readFileSync(path.join(dir, '.git/index'));
    const repo = await openGitRepository(dir);
    const text = promptYaml(4, 'evolved');
    const oid = await repo.commitToBranch(
      'evolve/run-1',
      [{ path: P, content: text }],
      'evolved candidate',
      c3,
      {
        author,
      },
    );
    fsckStrict(dir);
    assert.equal(git(dir, 'rev-parse', 'evolve/run-1').trim(), oid);
    assert.equal(git(dir, 'show', `evolve/run-1:${P}`), text);
    assert.equal(git(dir, 'rev-parse', 'evolve/run-1^').trim(), c3);
    assert.equal(git(dir, 'rev-parse', 'HEAD').trim(), head);
    assert.equal(git(dir, 'symbolic-ref', 'HEAD').trim(), 'refs/heads/main');
    assert.equal(read(dir, P), 'uncommitted user edit\n');
    assert.deepEqual(readFileSync(path.join(dir, '.git/index')), indexBytes);

    // Moving the branch forward from its tip works; from elsewhere it is a conflict.
    const next = await repo.commitToBranch('evolve/run-1', [{ path: 'x.txt', content: 'x\n' }], 'more', oid, {
      author,
    });
    assert.equal(git(dir, 'rev-parse', 'evolve/run-1').trim(), next);
    const refs = refsSnapshot(dir);
    await assert.rejects(
      repo.commitToBranch('evolve/run-1', [{ path: 'y', content: 'y' }], 'no', c3),
      ConflictError,
    );
    await assert.rejects(repo.commitToBranch('main', [{ path: 'y', content: 'y' }], 'no', c3), ConflictError);
    assert.equal(refsSnapshot(dir), refs);
  });
});
