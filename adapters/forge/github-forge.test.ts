import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { ForgeError } from '../../core/errors.ts';
import { commentMarker, upsertMarkedComment, upsertPullRequest } from '../../core/pr/upsert.ts';
import { loadGitHubContract, type OpenApiContract } from '../../test/github/openapi.ts';
import { type GitHubServer, startGitHubServer } from '../../test/github/server.ts';
import { createGitHubForge } from './github-forge.ts';

const TOKEN = 'ghs_secretvalue123';

describe('GitHub forge against the local GitHub REST server (OpenAPI-checked)', () => {
  let contract: OpenApiContract;
  let server: GitHubServer;
  const servers: GitHubServer[] = [];

  before(() => {
    contract = loadGitHubContract();
  });
  async function fresh(opts: { canPush?: boolean } = {}) {
    server = await startGitHubServer({ contract, token: TOKEN, owner: 'acme', repo: 'prompts', ...opts });
    servers.push(server);
    return createGitHubForge({ repo: { owner: 'acme', repo: 'prompts' }, token: TOKEN, apiUrl: server.url });
  }
  afterEach(() => {
    assert.deepEqual(server.violations, [], 'requests and responses match GitHub OpenAPI');
  });
  after(async () => {
    for (const s of servers) await s.close();
  });

  it('reads the repository: default branch and push permission', async () => {
    const forge = await fresh();
    const info = await forge.getRepository();
    assert.deepEqual(info, { fullName: 'acme/prompts', defaultBranch: 'main', canPush: true });
  });

  it('opens a pull request with labels and reviewers, then updates the same one on a second run', async () => {
    const forge = await fresh();
    const input = {
      head: 'evohub/run-1',
      base: 'main',
      title: 'evohub: better summarize',
      body: 'first',
      labels: ['evohub', 'prompts'],
      reviewers: ['alice', 'acme/ml-team'],
    };
    const first = await upsertPullRequest(forge, input);
    assert.equal(first.action, 'created');
    assert.equal(first.pullRequest.number, 1);
    assert.equal(first.pullRequest.head.ref, 'evohub/run-1');
    assert.equal(first.pullRequest.fromFork, false);
    assert.deepEqual(first.pullRequest.labels, ['evohub', 'prompts']);
    assert.deepEqual(server.pulls[0]?.reviewers, ['alice']);
    assert.deepEqual(server.pulls[0]?.teamReviewers, ['ml-team']);

    const second = await upsertPullRequest(forge, {
      ...input,
      title: 'evohub: better summarize (v2)',
      body: 'second',
    });
    assert.equal(second.action, 'updated');
    assert.equal(second.pullRequest.number, 1);
    assert.equal(server.pulls.length, 1);
    assert.equal(server.pulls[0]?.body, 'second');
    assert.equal(server.pulls[0]?.title, 'evohub: better summarize (v2)');
    assert.equal(
      server.requests.filter((r) => r === 'POST issues/add-labels').length,
      1,
      'labels already present are not re-added',
    );
  });

  it('a 422 "already exists" (a pull request the list missed) is found and updated', async () => {
    const forge = await fresh();
    server.addPull({ head: 'evohub/run-2', title: 'old', body: 'old' });
    // The first list answers empty, as in a race with another run; the create then meets GitHub's 422.
    let lists = 0;
    const racing = {
      ...forge,
      findOpenPullRequest: async (head: string, base?: string) =>
        lists++ === 0 ? null : forge.findOpenPullRequest(head, base),
    };
    const r = await upsertPullRequest(racing, {
      head: 'evohub/run-2',
      base: 'main',
      title: 'new',
      body: 'new',
    });
    assert.equal(r.action, 'updated');
    assert.equal(server.pulls.length, 1);
    assert.equal(server.pulls[0]?.body, 'new');
    assert.ok(server.requests.includes('POST pulls/create'));
  });

  it('posts one marked comment and updates it on the next run', async () => {
    const forge = await fresh();
    const pr = server.addPull({ head: 'feature' });
    await forge.createComment(pr.number, 'someone else');
    const marker = commentMarker('ci-pr');
    const a = await upsertMarkedComment(forge, pr.number, marker, `${marker}\nfirst`);
    const b = await upsertMarkedComment(forge, pr.number, marker, `${marker}\nsecond`);
    const c = await upsertMarkedComment(forge, pr.number, marker, `${marker}\nsecond`);
    assert.deepEqual([a.action, b.action, c.action], ['created', 'updated', 'unchanged']);
    assert.equal(a.comment.id, b.comment.id);
    assert.deepEqual(
      server.comments.map((x) => x.body),
      ['someone else', `${marker}\nsecond`],
    );
  });

  it('pages through more than 100 comments to find the marked one', async () => {
    const forge = await fresh();
    const pr = server.addPull({ head: 'busy' });
    for (let i = 0; i < 120; i++)
      server.comments.push({ id: 1 + i, issue: pr.number, body: `c${i}`, user: 'x' });
    server.comments.push({ id: 500, issue: pr.number, body: '<!-- evohub:ci-pr -->\nold', user: 'x' });
    const all = await forge.listComments(pr.number);
    assert.equal(all.length, 121);
    const r = await upsertMarkedComment(
      forge,
      pr.number,
      '<!-- evohub:ci-pr -->',
      '<!-- evohub:ci-pr -->\nnew',
    );
    assert.equal(r.action, 'updated');
    assert.equal(r.comment.id, 500);
  });

  it('reports a fork pull request as such', async () => {
    const forge = await fresh();
    const pr = server.addPull({ head: 'patch-1', headRepo: 'mallory/prompts' });
    const got = await forge.getPullRequest(pr.number);
    assert.equal(got.fromFork, true);
    assert.equal(got.head.repoFullName, 'mallory/prompts');
  });

  it('a wrong token gives a 401 ForgeError naming the variable, never the value', async () => {
    const fake = await fresh();
    void fake;
    const forge = createGitHubForge({
      repo: { owner: 'acme', repo: 'prompts' },
      token: 'ghs_wrongtoken999',
      tokenVariable: 'EVOHUB_GH_TOKEN',
      apiUrl: server.url,
    });
    const err = await forge.getRepository().then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ForgeError);
    assert.equal(err.failure, 'unauthorized');
    assert.match(err.userMessage(), /EVOHUB_GH_TOKEN/);
    assert.doesNotMatch(`${err.userMessage()} ${err.stack}`, /ghs_wrongtoken999/);
  });

  it('a missing token fails before any request, naming the variable', async () => {
    await fresh();
    assert.throws(
      () => createGitHubForge({ repo: { owner: 'acme', repo: 'prompts' }, token: '', apiUrl: server.url }),
      (e: unknown) =>
        e instanceof ForgeError && e.failure === 'unauthorized' && /GITHUB_TOKEN is not set/.test(e.message),
    );
    assert.deepEqual(server.requests, []);
  });

  it('a read-only token gives 403 naming the permission needed', async () => {
    const forge = await fresh({ canPush: false });
    const err = await forge.createPullRequest({ head: 'x', base: 'main', title: 't', body: 'b' }).then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ForgeError);
    assert.equal(err.failure, 'forbidden');
    assert.match(err.userMessage(), /pull-requests: write/);
    assert.equal(server.pulls.length, 0);
  });

  it('a 5xx is a server ForgeError that says running again is safe', async () => {
    const forge = await fresh();
    server.failNext({ operationId: 'pulls/list', status: 502 });
    const err = await forge.findOpenPullRequest('x').then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ForgeError);
    assert.equal(err.failure, 'server');
    assert.equal(err.status, 502);
    assert.match(err.userMessage(), /running again is safe/);
  });

  it('an unreachable API gives a network ForgeError naming the URL', async () => {
    const s = await fresh();
    void s;
    const url = server.url;
    const forge = createGitHubForge({ repo: { owner: 'acme', repo: 'prompts' }, token: TOKEN, apiUrl: url });
    await server.close();
    const err = await forge.getRepository().then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ForgeError);
    assert.equal(err.failure, 'network');
    assert.match(err.message, new RegExp(url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });
});

describe('the OpenAPI contract catches drift', () => {
  it('rejects a request body GitHub would reject and a response missing required fields', () => {
    const contract = loadGitHubContract();
    const op = contract.findOperation('POST', '/repos/a/b/pulls');
    assert.ok(op);
    assert.equal(op.operationId, 'pulls/create');
    assert.equal(contract.checkRequest(op, { title: 1, head: 'h', base: 'b' }).ok, false);
    assert.equal(contract.checkRequest(op, { title: 't', head: 'h', base: 'b' }).ok, true);
    assert.equal(contract.checkResponse(op, 201, { number: 1 }).ok, false);
    // Literal segments win over parameters.
    assert.equal(
      contract.findOperation('PATCH', '/repos/a/b/issues/comments/7')?.operationId,
      'issues/update-comment',
    );
    assert.equal(contract.findOperation('GET', '/repos/a/b/no-such-thing'), null);
  });
});
