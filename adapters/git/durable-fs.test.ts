/**
 * A full disk during a commit corrupts nothing: objects are written temp + fsync + rename, an existing loose
 * object is trusted only when it verifies, refs move only after every object is durable, and ENOSPC is one
 * located line. Exercised with an injected ENOSPC and, when this process may mount, on a real 3 MB tmpfs.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import git from 'isomorphic-git';
import { EvohubError } from '../../core/errors.ts';
import { durableObjectsFs, looseObjectVerifies } from './durable-fs.ts';
import { openGitRepository } from './isomorphic-git-repository.ts';
import { commitAll, fsckStrict, git as gitCli, removeDir, tempDir, tempRepo, write } from './testing.ts';

/** Incompressible-ish text, so that its object needs about `bytes` on disk. */
function bulky(bytes: number, seed: number): string {
  let x = seed;
  let s = '';
  while (s.length < bytes) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    s += x.toString(36);
  }
  return s;
}

function loosePath(dir: string, oid: string): string {
  return path.join(dir, '.git/objects', oid.slice(0, 2), oid.slice(2));
}

function hashObject(dir: string, text: string): string {
  writeFileSync(path.join(dir, '.scratch'), text);
  const oid = gitCli(dir, 'hash-object', '.scratch').trim();
  rmSync(path.join(dir, '.scratch'));
  return oid;
}

function repoWithBase(dir?: string): { dir: string; base: string } {
  const d = dir ?? tempRepo();
  if (dir) {
    mkdirSync(d, { recursive: true });
    gitCli(d, 'init', '-q', '-b', 'main');
    gitCli(d, 'config', 'user.name', 'Ada Tester');
    gitCli(d, 'config', 'user.email', 'ada@example.com');
  }
  write(d, 'prompts/a.prompt.yml', 'name: a\n');
  return { dir: d, base: commitAll(d, 'base') };
}

describe('durable object writes', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) removeDir(d);
  });

  it('an empty loose object left by a crash is rewritten, not referenced (resume after a full disk)', async () => {
    const { dir, base } = repoWithBase();
    dirs.push(dir);
    const text = 'name: a\nsystem: better\n';
    const oid = hashObject(dir, text);
    // What the old code left behind after ENOSPC: the object's final name, no content.
    mkdirSync(path.dirname(loosePath(dir, oid)), { recursive: true });
    writeFileSync(loosePath(dir, oid), '');
    const repo = await openGitRepository(dir);
    const commit = await repo.commitToBranch(
      'evohub/a/run-1',
      [{ path: 'prompts/a.prompt.yml', content: text }],
      'winner',
      base,
    );
    assert.ok(await looseObjectVerifies(loosePath(dir, oid), oid));
    fsckStrict(dir);
    assert.equal(gitCli(dir, 'show', `${commit}:prompts/a.prompt.yml`), text);
  });

  it('verifyCommit refuses a commit whose snapshot holds a damaged object', async () => {
    const { dir, base } = repoWithBase();
    dirs.push(dir);
    const repo = await openGitRepository(dir);
    await repo.verifyCommit(base, 'main');
    const blob = gitCli(dir, 'rev-parse', `${base}:prompts/a.prompt.yml`).trim();
    writeFileSync(loosePath(dir, blob), '');
    await assert.rejects(repo.verifyCommit(base, 'main'), (e: unknown) => {
      assert.ok(e instanceof EvohubError);
      assert.match(e.userMessage(), new RegExp(`main \\(${base.slice(0, 7)}\\) needs object ${blob}`));
      return true;
    });
  });

  it('an injected ENOSPC is one located line, leaves no object file and no temp file', async () => {
    const { dir } = repoWithBase();
    dirs.push(dir);
    const full = {
      ...fsp,
      open: async (p: string, flags: string, mode?: number) => {
        const h = await fsp.open(p, flags, mode);
        return Object.assign(Object.create(h), {
          writeFile: async () => {
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          },
          sync: () => h.sync(),
          close: () => h.close(),
        });
      },
    } as unknown as typeof fsp;
    const blob = Buffer.from('name: x\nsystem: never stored\n');
    const err = await git.writeBlob({ fs: durableObjectsFs(full), dir, gitdir: `${dir}/.git`, blob }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err instanceof EvohubError, String(err));
    assert.match(err.userMessage(), /^.*objects\/[0-9a-f]{2}\/[0-9a-f]{38}: no space left .*free disk space/);
    assert.doesNotMatch(err.userMessage(), /\n/);
    const oid = (await git.hashBlob({ object: blob })).oid;
    const fan = path.dirname(loosePath(dir, oid));
    assert.deepEqual(readdirSync(fan), []);
    fsckStrict(dir);
  });

  it('on a full 3 MB tmpfs: a one-line error, fsck clean, no branch; after freeing space the retry succeeds', async (t) => {
    const mnt = tempDir('evohub-tmpfs-');
    dirs.push(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt], { stdio: 'pipe' });
    } catch {
      t.skip('cannot mount a tmpfs here (needs root); the injected-ENOSPC case covers the logic');
      return;
    }
    try {
      const { dir, base } = repoWithBase(path.join(mnt, 'repo'));
      const filler = path.join(mnt, 'filler');
      const { bavail, bsize } = statfsSync(mnt);
      // Leave 16 KB: the commit's ~300 KB blob cannot fit, its small temp file and lock files can.
      writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 16 * 1024)));
      const repo = await openGitRepository(dir);
      const files = [{ path: 'prompts/a.prompt.yml', content: bulky(600_000, 7) }];
      const err = await repo.commitToBranch('evohub/a/run-1', files, 'winner', base).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(err instanceof EvohubError, String(err));
      assert.equal(err.code, 'IO');
      assert.match(
        err.userMessage(),
        /\.git\/objects\/[0-9a-f]{2}\/[0-9a-f]{38}: no space left on the device \(ENOSPC\)/,
      );
      fsckStrict(dir);
      assert.equal(gitCli(dir, 'branch', '--list', 'evohub/a/run-1'), '');
      rmSync(filler);
      const oid = await repo.commitToBranch('evohub/a/run-1', files, 'winner', base);
      fsckStrict(dir);
      assert.equal(gitCli(dir, 'rev-parse', 'evohub/a/run-1').trim(), oid);
      assert.equal(gitCli(dir, 'show', `${oid}:prompts/a.prompt.yml`), files[0]?.content);
      assert.ok(statSync(path.join(dir, '.git/refs/heads/evohub/a/run-1')).size > 0);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});
