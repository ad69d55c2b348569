import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConflictError, GitError, UsageError } from '../../core/errors.ts';
import { redactUrl } from '../../core/redact-url.ts';
import { cli } from '../../test/git-http/cli.ts';
import { type GitHttpServer, startGitHttpServer } from '../../test/git-http/server.ts';
import { pushBranch, remoteBranchTip } from './push.ts';
import { commitAll, git, removeDir, tempDir, tempRepo, write } from './testing.ts';

const TOKEN = 'ghs_pushsecret_777';

function assertNoToken(e: unknown): void {
  const text = e instanceof Error ? `${e.message} ${(e as GitError).hint ?? ''} ${e.stack ?? ''}` : String(e);
  assert.doesNotMatch(text, /ghs_pushsecret_777/);
}

describe('pushBranch over smart HTTP (isomorphic-git, token auth)', () => {
  const servers: GitHttpServer[] = [];
  const dirs: string[] = [];
  after(async () => {
    for (const s of servers) await s.close();
    for (const d of dirs) removeDir(d);
  });

  async function setup() {
    const server = await startGitHttpServer({ token: TOKEN });
    servers.push(server);
    const dir = tempRepo();
    dirs.push(dir);
    write(dir, 'prompts/a.prompt.yaml', 'name: a\n');
    commitAll(dir, 'base');
    git(dir, 'branch', 'evohub/run-1');
    return { server, dir, opts: { dir, remoteUrl: server.url, branch: 'evohub/run-1', token: TOKEN } };
  }

  it('creates the remote branch, then a second run is a no-op; the token stays out of .git/config', async () => {
    const { server, dir, opts } = await setup();
    const oid = git(dir, 'rev-parse', 'evohub/run-1').trim();
    assert.equal(await remoteBranchTip(opts), null);
    const first = await pushBranch(opts);
    assert.deepEqual(first, { branch: 'evohub/run-1', oid, previous: null, updated: true });
    assert.equal(server.branchTip('evohub/run-1'), oid);
    assert.equal(await remoteBranchTip(opts), oid);
    const again = await pushBranch(opts);
    assert.equal(again.updated, false);
    assert.doesNotMatch(readFileSync(path.join(dir, '.git', 'config'), 'utf8'), /pushsecret|x-access-token/);
    assert.ok(server.requests.some((r) => r.includes('user=x-access-token')));
  });

  it('a non-fast-forward push is a ConflictError saying how to fix it; --force overwrites', async () => {
    const { server, dir, opts } = await setup();
    await pushBranch(opts);
    // Someone else moves the remote branch.
    const other = tempDir();
    dirs.push(other);
    const authed = new URL(server.url);
    authed.username = 'x-access-token';
    authed.password = TOKEN;
    await cli(other, 'clone', '-q', '--branch', 'evohub/run-1', authed.toString(), 'o');
    write(path.join(other, 'o'), 'theirs.txt', 'theirs\n');
    await cli(path.join(other, 'o'), 'add', '-A');
    await cli(path.join(other, 'o'), 'commit', '-q', '-m', 'theirs');
    await cli(path.join(other, 'o'), 'push', '-q', 'origin', 'evohub/run-1');
    const theirs = server.branchTip('evohub/run-1');
    // We commit something else on our branch.
    git(dir, 'checkout', '-q', 'evohub/run-1');
    write(dir, 'ours.txt', 'ours\n');
    const ours = commitAll(dir, 'ours', '2026-01-03T00:00:00Z');
    const err = await pushBranch(opts).then(
      () => assert.fail('expected a conflict'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ConflictError);
    assert.match(err.userMessage(), /rejected.*--force/s);
    assertNoToken(err);
    assert.equal(server.branchTip('evohub/run-1'), theirs);
    const forced = await pushBranch({ ...opts, force: true });
    assert.equal(forced.oid, ours);
    assert.equal(server.branchTip('evohub/run-1'), ours);
  });

  it('a connection dropped mid-push is a clear GitError; running again completes the push', async () => {
    const { server, opts } = await setup();
    server.dropNextPush();
    const err = await pushBranch(opts).then(
      () => assert.fail('expected a network error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof GitError);
    assert.match(err.userMessage(), /running again is safe/);
    assertNoToken(err);
    assert.equal(server.branchTip('evohub/run-1'), null);
    const again = await pushBranch(opts);
    assert.equal(again.updated, true);
    assert.equal(server.branchTip('evohub/run-1'), again.oid);
  });

  it('a wrong token is refused with the variable named and the value hidden', async () => {
    const { server, opts } = await setup();
    const err = await pushBranch({
      ...opts,
      token: 'ghs_pushsecret_777_wrong',
      tokenVariable: 'EVOHUB_PUSH_TOKEN',
    }).then(
      () => assert.fail('expected an auth error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof GitError);
    assert.match(err.userMessage(), /401.*EVOHUB_PUSH_TOKEN/s);
    assertNoToken(err);
    assert.equal(server.branchTip('evohub/run-1'), null);
  });

  it('a refused push (403) names the permission', async () => {
    const { server, opts } = await setup();
    server.rejectPushes(true);
    const err = await pushBranch(opts).then(
      () => assert.fail('expected a 403'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof GitError);
    assert.match(err.userMessage(), /403.*contents: write/s);
  });

  it('refuses a URL carrying credentials and a missing local branch', async () => {
    const { server, opts } = await setup();
    const withCreds = server.url.replace('http://', `http://x:${TOKEN}@`);
    await assert.rejects(pushBranch({ ...opts, remoteUrl: withCreds }), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assertNoToken(e);
      return true;
    });
    await assert.rejects(pushBranch({ ...opts, branch: 'nope' }), /no local branch nope/);
    assert.equal(redactUrl('https://u:p@example.com/r.git'), 'https://example.com/r.git');
  });
});
