import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, describe, it } from 'node:test';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { commitAll, removeDir, tempDir, tempRepo, write } from '../../adapters/git/testing.ts';
import { cli } from './cli.ts';
import { type GitHttpServer, startGitHttpServer } from './server.ts';

const TOKEN = 'remote-secret-42';

function withCreds(url: string, password: string): string {
  const u = new URL(url);
  u.username = 'x-access-token';
  u.password = password;
  return u.toString();
}

describe('smart-HTTP remote harness (git http-backend)', () => {
  const cleanup: string[] = [];
  const servers: GitHttpServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
    for (const d of cleanup) removeDir(d);
  });

  it('the git CLI pushes, clones and fetches through it, with the token checked', async () => {
    const server = await startGitHttpServer({ token: TOKEN });
    servers.push(server);
    const src = tempRepo();
    cleanup.push(src);
    write(src, 'a.txt', 'one\n');
    const first = commitAll(src, 'first');
    await cli(src, 'push', '-q', withCreds(server.url, TOKEN), 'main');
    assert.equal(server.branchTip('main'), first);

    const clone = tempDir();
    cleanup.push(clone);
    await cli(clone, 'clone', '-q', withCreds(server.url, TOKEN), 'c');
    assert.equal(fs.readFileSync(`${clone}/c/a.txt`, 'utf8'), 'one\n');

    write(src, 'a.txt', 'two\n');
    const second = commitAll(src, 'second', '2026-01-02T00:00:00Z');
    await cli(src, 'push', '-q', withCreds(server.url, TOKEN), 'main');
    await cli(`${clone}/c`, 'pull', '-q', '--ff-only');
    assert.equal((await cli(`${clone}/c`, 'rev-parse', 'HEAD')).trim(), second);

    await assert.rejects(
      cli(clone, 'clone', '-q', withCreds(server.url, 'wrong'), 'd'),
      /401|Authentication failed/,
    );
  });

  it('isomorphic-git clones, fetches and pushes through it', async () => {
    const server = await startGitHttpServer({ token: TOKEN });
    servers.push(server);
    const src = tempRepo();
    cleanup.push(src);
    write(src, 'p.prompt.yaml', 'name: x\n');
    const first = commitAll(src, 'first');
    await cli(src, 'push', '-q', withCreds(server.url, TOKEN), 'main');

    const dir = tempDir();
    cleanup.push(dir);
    const onAuth = () => ({ username: 'x-access-token', password: TOKEN });
    await git.clone({ fs, http, dir, url: server.url, onAuth });
    assert.equal(await git.resolveRef({ fs, dir, ref: 'HEAD' }), first);

    write(dir, 'p.prompt.yaml', 'name: y\n');
    await git.add({ fs, dir, filepath: 'p.prompt.yaml' });
    const oid = await git.commit({
      fs,
      dir,
      message: 'iso',
      author: { name: 'Iso', email: 'iso@example.com', timestamp: 1_767_225_600, timezoneOffset: 0 },
    });
    const r = await git.push({ fs, http, dir, url: server.url, ref: 'main', onAuth });
    assert.equal(r.ok, true);
    assert.equal(server.branchTip('main'), oid);
    await cli(src, 'pull', '-q', withCreds(server.url, TOKEN), 'main');
    assert.equal((await cli(src, 'rev-parse', 'HEAD')).trim(), oid);
    const fetched = await git.fetch({ fs, http, dir, url: server.url, onAuth });
    assert.equal(fetched.fetchHead, oid);
  });

  it('refuses pushes on request and can drop a push mid-way without applying it', async () => {
    const server = await startGitHttpServer();
    servers.push(server);
    const src = tempRepo();
    cleanup.push(src);
    write(src, 'a.txt', 'x\n');
    commitAll(src, 'first');
    server.rejectPushes(true);
    await assert.rejects(cli(src, 'push', '-q', server.url, 'main'), /403/);
    server.rejectPushes(false);
    server.dropNextPush();
    await assert.rejects(cli(src, 'push', '-q', server.url, 'main'));
    assert.equal(server.branchTip('main'), null);
    await cli(src, 'push', '-q', server.url, 'main');
    assert.notEqual(server.branchTip('main'), null);
  });
});
