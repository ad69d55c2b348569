import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ForgeError } from '../../core/errors.ts';
import { publishProposal } from '../../core/pr/publish.ts';
import { upsertMarkedComment } from '../../core/pr/upsert.ts';
import { loadGitHubContract, type OpenApiContract } from '../../test/github/openapi.ts';
import { startForgeRemotes } from '../../test/support/forge-remotes.ts';
import { createRemoteBranches } from '../git/push.ts';
import { commitAll, git, removeDir, tempRepo, write } from '../git/testing.ts';
import { createGitHubForge } from './github-forge.ts';
import { createLocalForge } from './local-forge.ts';

const TOKEN = 'ghs_publish_secret';

describe('publishProposal: preflight, push, open or update; no orphan branch', () => {
  let contract: OpenApiContract;
  const cleanups: Array<() => Promise<void> | void> = [];
  before(() => {
    contract = loadGitHubContract();
  });
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  async function setup(opts: { canPush?: boolean } = {}) {
    const { remote, github, close } = await startForgeRemotes({
      token: TOKEN,
      github: { contract, ...opts },
    });
    const dir = tempRepo();
    cleanups.push(close, () => removeDir(dir));
    write(dir, 'prompts/a.prompt.yaml', 'name: a\n');
    commitAll(dir, 'base');
    git(dir, 'branch', 'evohub/run-7');
    const forge = createGitHubForge({
      repo: { owner: 'acme', repo: 'prompts' },
      token: TOKEN,
      apiUrl: github.url,
    });
    const branches = createRemoteBranches({ dir, remoteUrl: remote.url, token: TOKEN });
    const input = { head: 'evohub/run-7', title: 'evohub: run 7', body: 'evidence', labels: ['evohub'] };
    return { remote, github, dir, forge, branches, input };
  }

  it('pushes and opens the pull request; running again updates the same one', async () => {
    const { remote, github, forge, branches, input } = await setup();
    const first = await publishProposal(forge, branches, input);
    assert.equal(first.action, 'created');
    assert.equal(first.branchCreated, true);
    assert.equal(first.pullRequest.base.ref, 'main', 'base defaults to the repository default branch');
    assert.notEqual(remote.branchTip('evohub/run-7'), null);
    const second = await publishProposal(forge, branches, { ...input, body: 'evidence v2' });
    assert.equal(second.action, 'updated');
    assert.equal(second.branchCreated, false);
    assert.equal(github.pulls.length, 1);
    assert.equal(github.pulls[0]?.body, 'evidence v2');
    assert.deepEqual(github.violations, []);
  });

  it('when opening the pull request fails, the branch it pushed is deleted; running again repairs', async () => {
    const { remote, github, forge, branches, input } = await setup();
    github.failNext({ operationId: 'pulls/create', status: 500 });
    await assert.rejects(publishProposal(forge, branches, input), (e: unknown) => {
      assert.ok(e instanceof ForgeError);
      assert.equal(e.failure, 'server');
      return true;
    });
    assert.equal(remote.branchTip('evohub/run-7'), null, 'no orphan remote branch');
    assert.equal(github.pulls.length, 0);
    const again = await publishProposal(forge, branches, input);
    assert.equal(again.action, 'created');
    assert.notEqual(remote.branchTip('evohub/run-7'), null);
    assert.deepEqual(github.violations, []);
  });

  it('a branch that existed before is left in place when the update fails', async () => {
    const { remote, github, forge, branches, input } = await setup();
    await publishProposal(forge, branches, input);
    github.failNext({ operationId: 'pulls/update', status: 502 });
    await assert.rejects(publishProposal(forge, branches, input), ForgeError);
    assert.notEqual(remote.branchTip('evohub/run-7'), null);
  });

  it('a read-only token pushes nothing', async () => {
    const { remote, forge, branches, input } = await setup({ canPush: false });
    await assert.rejects(publishProposal(forge, branches, input), (e: unknown) => {
      assert.ok(e instanceof ForgeError);
      assert.equal(e.failure, 'forbidden');
      assert.match(e.userMessage(), /contents: write/);
      return true;
    });
    assert.equal(remote.branchTip('evohub/run-7'), null);
    assert.equal(remote.requests.length, 0);
  });
});

describe('local forge: proposals as records under .evohub/proposals', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) removeDir(d);
  });

  it('records, updates and comments on a proposal; refuses a missing branch and a duplicate', async () => {
    const dir = tempRepo();
    dirs.push(dir);
    write(dir, 'a.txt', 'a\n');
    commitAll(dir, 'base');
    git(dir, 'branch', 'evohub/run-1');
    const resolveBranch = async (b: string) => {
      try {
        return git(dir, 'rev-parse', '--verify', '--quiet', `refs/heads/${b}`).trim();
      } catch {
        return null;
      }
    };
    const forge = createLocalForge({ root: dir, resolveBranch, now: () => new Date('2026-02-01T00:00:00Z') });
    await assert.rejects(
      forge.createPullRequest({ head: 'missing', base: 'main', title: 't', body: 'b' }),
      /does not exist/,
    );
    const pr = await forge.createPullRequest({ head: 'evohub/run-1', base: 'main', title: 't', body: 'b' });
    await assert.rejects(
      forge.createPullRequest({ head: 'evohub/run-1', base: 'main', title: 't', body: 'b' }),
      /already exists/,
    );
    await forge.updatePullRequest(pr.number, { body: 'b2' });
    await forge.addLabels(pr.number, ['evohub', 'evohub']);
    const marker = '<!-- evohub:x -->';
    await upsertMarkedComment(forge, pr.number, marker, `${marker} one`);
    await upsertMarkedComment(forge, pr.number, marker, `${marker} two`);
    const rec = JSON.parse(readFileSync(path.join(dir, '.evohub/proposals/1.json'), 'utf8'));
    assert.equal(rec.body, 'b2');
    assert.deepEqual(rec.labels, ['evohub']);
    assert.deepEqual(rec.comments, [{ id: 1001, body: `${marker} two` }]);
    assert.equal(rec.headSha, git(dir, 'rev-parse', 'evohub/run-1').trim());
    assert.equal((await forge.findOpenPullRequest('evohub/run-1'))?.number, 1);
  });
});
