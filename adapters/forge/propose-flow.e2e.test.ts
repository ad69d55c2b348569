/**
 * The proposal path end to end, minus the evolution itself: a template repository pushed to a real smart-HTTP
 * remote, a winner committed on its own branch through the git port (as `evohub evolve` does), then published
 * with a rendered evidence body to the local GitHub server, and again to update it. Also the embedded default:
 * the same flow on the local forge.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ForgeError } from '../../core/errors.ts';
import { type ProposalEvidence, proposalTitle, renderProposalBody } from '../../core/pr/proposal-body.ts';
import { publishProposal } from '../../core/pr/publish.ts';
import { cli } from '../../test/git-http/cli.ts';
import type { GitHttpServer } from '../../test/git-http/server.ts';
import type { GitHubServer } from '../../test/github/server.ts';
import { commitTemplate, type ForgeRemotes, startForgeRemotes } from '../../test/support/forge-remotes.ts';
import { openGitRepository } from '../git/isomorphic-git-repository.ts';
import { createRemoteBranches, pushBranch } from '../git/push.ts';
import { createGitHubForge } from './github-forge.ts';
import { createLocalBranches, createLocalForge } from './local-forge.ts';

const templates = fileURLToPath(new URL('../../templates/classification/', import.meta.url));
const PROMPT = 'prompts/ticket-triage.prompt.yml';
const TOKEN = 'ghs_flow_token_0123456789';

function evidence(runId: string, accuracy: number): ProposalEvidence {
  return {
    runId,
    prompt: { name: 'ticket-triage', path: PROMPT, fromVersion: null, toVersion: 1 },
    algorithm: 'nsga2',
    generations: 5,
    heldOut: { cases: 13 },
    objectives: [
      {
        metric: 'exact-label',
        direction: 'maximize',
        baseline: { mean: 0.31, ci: { low: 0.05, high: 0.57 } },
        winner: { mean: accuracy, ci: { low: accuracy - 0.2, high: Math.min(1, accuracy + 0.2) } },
        difference: { mean: accuracy - 0.31, ci: { low: 0.1, high: 0.6 }, pairs: 13 },
      },
    ],
    pareto: {
      metrics: ['exact-label'],
      points: [{ candidateId: 'c-4', values: { 'exact-label': accuracy }, chosen: true }],
    },
    lineage: [
      { generation: 0, candidateId: 'c-0', parents: [], operator: 'seed' },
      { generation: 3, candidateId: 'c-4', parents: ['c-0'], operator: 'reflect' },
    ],
    spend: { evaluations: 420, costUsd: 0, budgetEvaluations: 5000 },
    models: ['simulated/ticket-triage'],
    reproduce: `npx evohub evolve ${PROMPT} --seed 1`,
  };
}

describe('proposal flow: template → smart-HTTP remote → branch → pull request with evidence', () => {
  let work: string;
  let dir: string;
  let remote: GitHttpServer;
  let github: GitHubServer;
  let remotes: ForgeRemotes;
  let branch: string;

  before(async () => {
    remotes = await startForgeRemotes({ token: TOKEN, name: 'prompts' });
    ({ remote, github } = remotes);
    work = mkdtempSync(join(tmpdir(), 'evohub-flow-'));
    dir = join(work, 'repo');
    await commitTemplate(templates, dir);
    await pushBranch({ dir, remoteUrl: remote.url, branch: 'main', token: TOKEN });
    // What `evohub evolve` does with a winner: a commit on its own branch, the current branch untouched.
    const repo = await openGitRepository(dir);
    const head = (await repo.head()) as string;
    const text = readFileSync(join(dir, PROMPT), 'utf8').replace(
      'We are based in Lisbon and love good coffee.',
      'Answer with the label only.',
    );
    branch = 'evohub/ticket-triage/r-1';
    await repo.commitToBranch(branch, [{ path: PROMPT, content: text }], 'evohub: ticket-triage v1', head);
  });
  after(async () => {
    await remotes.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('opens the pull request with the evidence, then updates it on the next run', async () => {
    const forge = createGitHubForge({
      repo: { owner: 'acme', repo: 'prompts' },
      token: TOKEN,
      apiUrl: github.url,
    });
    const branches = createRemoteBranches({ dir, remoteUrl: remote.url, token: TOKEN });
    const e1 = evidence('r-1', 0.77);
    const first = await publishProposal(forge, branches, {
      head: branch,
      title: proposalTitle(e1),
      body: renderProposalBody(e1),
      labels: ['evohub'],
      reviewers: ['alice'],
    });
    assert.equal(first.action, 'created');
    assert.equal(first.pullRequest.base.ref, 'main');
    assert.equal(remote.branchTip(branch), (await cli(dir, 'rev-parse', branch)).trim());
    const pr = github.pulls[0];
    assert.ok(pr);
    assert.match(pr.title, /ticket-triage new → v1/);
    assert.match(pr.body, /\| exact-label \| higher is better \| 0\.31 \[0\.05, 0\.57\] \| 0\.77 /);
    assert.match(pr.body, /npx evohub evolve prompts\/ticket-triage\.prompt\.yml --seed 1/);
    assert.deepEqual(pr.labels, ['evohub']);
    assert.deepEqual(pr.reviewers, ['alice']);
    // The remote has the winner's file on the branch.
    const clone = join(work, 'clone');
    const authed = new URL(remote.url);
    authed.username = 'x-access-token';
    authed.password = TOKEN;
    await cli(work, 'clone', '-q', '--branch', branch, authed.toString(), clone);
    assert.match(readFileSync(join(clone, PROMPT), 'utf8'), /Answer with the label only\./);

    const e2 = evidence('r-1', 0.85);
    const second = await publishProposal(forge, branches, {
      head: branch,
      title: proposalTitle(e2),
      body: renderProposalBody(e2),
      labels: ['evohub'],
    });
    assert.equal(second.action, 'updated');
    assert.equal(github.pulls.length, 1);
    assert.match(github.pulls[0]?.body ?? '', /\| 0\.85 /);
    assert.doesNotMatch(JSON.stringify(github.pulls), new RegExp(TOKEN));
    assert.deepEqual(github.violations, []);
  });

  it('the embedded default records the proposal under .evohub/proposals', async () => {
    const repo = await openGitRepository(dir);
    const resolveBranch = (b: string) => repo.resolveCommit(`refs/heads/${b}`);
    const forge = createLocalForge({ root: dir, resolveBranch });
    const e = evidence('r-1', 0.77);
    const r = await publishProposal(forge, createLocalBranches(resolveBranch), {
      head: branch,
      title: proposalTitle(e),
      body: renderProposalBody(e),
      labels: ['evohub'],
    });
    assert.equal(r.action, 'created');
    assert.equal(r.pullRequest.url, '.evohub/proposals/1.json');
    const rec = JSON.parse(readFileSync(join(dir, '.evohub/proposals/1.json'), 'utf8'));
    assert.equal(rec.head, branch);
    assert.equal(rec.headSha, (await cli(dir, 'rev-parse', branch)).trim());
    assert.deepEqual(rec.labels, ['evohub']);
    const again = await publishProposal(forge, createLocalBranches(resolveBranch), {
      head: branch,
      title: proposalTitle(e),
      body: 'updated',
    });
    assert.equal(again.action, 'updated');
    await assert.rejects(
      publishProposal(forge, createLocalBranches(resolveBranch), {
        head: 'evohub/none',
        title: 't',
        body: 'b',
      }),
      (e: unknown) => e instanceof ForgeError && /does not exist.*evohub evolve/s.test(e.userMessage()),
    );
  });
});
