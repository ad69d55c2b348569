/**
 * The Done-when of the proposal path: a repository scaffolded by `evohub init`, pushed to a real smart-HTTP git
 * remote; `evohub evolve` then `evohub propose` opens a pull request on the local GitHub server (contract-checked
 * against GitHub's OpenAPI description) whose body carries the stored run's numbers; a second `propose` updates
 * it. Then the faults: 401 and 403 tokens, a pull request already open (422), a non-fast-forward push, a failed
 * pull-request creation (no orphan branch; running again repairs), a run with nothing to propose, and the
 * embedded default (no token: a record under .evohub/proposals/).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pushBranch } from '../../adapters/git/push.ts';
import { evidenceFromRun } from '../../core/pr/evidence-from-run.ts';
import { interval, num, signed } from '../../core/pr/markdown.ts';
import { readStoredEvolveRun } from '../../evaluator/evolve/stored-run.ts';
import { cli } from '../../test/git-http/cli.ts';
import type { GitHttpServer } from '../../test/git-http/server.ts';
import type { GitHubServer } from '../../test/github/server.ts';
import { type ForgeRemotes, startForgeRemotes } from '../../test/support/forge-remotes.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const TOKEN = 'ghs_propose_e2e_token_0123456789';
const AUTHOR = { GIT_AUTHOR_NAME: 'Ada Tester', GIT_AUTHOR_EMAIL: 'ada@example.com' };

async function run(dir: string, args: string[], env: Record<string, string | undefined> = {}) {
  const { ctx, stdout, stderr } = memoryContext(dir, { ...AUTHOR, ...env });
  const code = await runCli(args, ctx);
  return { code, out: stdout(), err: stderr() };
}

describe('evohub evolve → evohub propose, on a smart-HTTP remote and the local GitHub server', () => {
  let work: string;
  let dir: string;
  let remote: GitHttpServer;
  let github: GitHubServer;
  let remotes: ForgeRemotes;
  const gh = () => ({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url });
  const flags = () => ['--repo', 'acme/prompts', '--remote', remote.url];

  async function evolve(seed: number, ...extra: string[]): Promise<{ runId: string; branch: string | null }> {
    const r = await run(dir, [
      'evolve',
      'ticket-triage',
      '--seed',
      String(seed),
      '--generations',
      '3',
      '--json',
      ...extra,
    ]);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { runId: string; branch: string | null };
    return j;
  }

  before(async () => {
    // The GitHub server echoes requests (a 401 quotes the token, a 5xx dumps the headers): nothing may leak.
    remotes = await startForgeRemotes({ token: TOKEN, name: 'prompts', github: { echoRequest: true } });
    ({ remote, github } = remotes);
    work = mkdtempSync(join(tmpdir(), 'evohub-propose-'));
    dir = join(work, 'prompts');
    const init = await run(work, ['init', dir, '--template', 'classification']);
    assert.equal(init.code, 0, init.err);
    // Reviewers come from evohub.yaml.
    const yml = join(dir, 'evohub.yaml');
    writeFileSync(
      yml,
      readFileSync(yml, 'utf8').replace('labels: [evohub]', 'labels: [evohub]\n  reviewers: [alice]'),
    );
    await cli(dir, 'commit', '-q', '-am', 'reviewers');
    await pushBranch({ dir, remoteUrl: remote.url, branch: 'main', token: TOKEN });
  });
  after(async () => {
    await remotes.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('scaffolds the workflow files with the template', () => {
    const wf = readFileSync(join(dir, '.github/workflows/evohub-evolve.yml'), 'utf8');
    assert.match(wf, /ci evolve "\$PROMPT"/);
    assert.match(readFileSync(join(dir, '.github/workflows/evohub-pr.yml'), 'utf8'), /ci pr/);
  });

  it('opens a pull request whose body carries the stored run, then updates the same one', async () => {
    const { runId, branch } = await evolve(1);
    assert.ok(branch);
    const first = await run(dir, ['propose', runId, ...flags(), '--json'], gh());
    assert.equal(first.code, 0, first.err);
    const res = JSON.parse(first.out);
    assert.equal(res.action, 'created');
    assert.equal(res.forge, 'github');
    assert.equal(github.pulls.length, 1);
    const pr = github.pulls[0];
    assert.ok(pr);
    assert.equal(res.url, `${github.url}/acme/prompts/pull/${pr.number}`);
    assert.equal(pr.head, branch);
    assert.equal(pr.base, 'main');
    assert.equal(remote.branchTip(branch), (await cli(dir, 'rev-parse', branch)).trim());
    assert.deepEqual(pr.labels, ['evohub']);
    assert.deepEqual(pr.reviewers, ['alice']);

    // The numbers in the body are the stored run's.
    const stored = await readStoredEvolveRun(dir, runId);
    const r = stored.report;
    assert.deepEqual(res.evidence, JSON.parse(JSON.stringify(evidenceFromRun(stored))));
    for (const o of r.objectives) {
      const b = r.baseline.heldOut[o.metric];
      const w = r.winner.heldOut[o.metric];
      assert.ok(b && w && b.mean !== null && w.mean !== null);
      const ci = (s: typeof b) => interval({ low: s.ci[0] as number, high: s.ci[1] as number });
      assert.ok(
        pr.body.includes(`| ${o.metric} | `) &&
          pr.body.includes(`| ${num(b.mean)} ${ci(b)} | ${num(w.mean)} ${ci(w)} |`),
        `row of ${o.metric}`,
      );
    }
    // The first objective's paired difference is the one evolve reported.
    const imp = r.improvement;
    assert.ok(imp.mean !== null);
    assert.ok(
      pr.body.includes(
        `${signed(imp.mean)} ${interval({ low: imp.ci[0] as number, high: imp.ci[1] as number })}`,
      ),
    );
    assert.ok(
      pr.body.includes(`- evaluations: ${r.evaluations.paidCalls.toLocaleString('en-US')} of 5,000 budgeted`),
    );
    assert.ok(pr.body.includes(`\`${r.winner.hash.slice(0, 12)}\``));
    assert.match(
      pr.body,
      /npx evohub evolve prompts\/ticket-triage\.prompt\.yml --seed 1 --algorithm nsga2 .*--generations 3/,
    );
    assert.match(pr.body, /Simulated provider/);
    assert.match(pr.title, new RegExp(`ticket-triage v1 → v2 \\(run ${runId}\\)`));

    const second = await run(dir, ['propose', runId, ...flags()], gh());
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /^Updated pull request #1 for run/);
    assert.equal(github.pulls.length, 1);
    assert.doesNotMatch(
      first.out + first.err + second.out + second.err + JSON.stringify(github.pulls),
      new RegExp(TOKEN),
    );
    assert.deepEqual(github.violations, []);
  });

  it('a wrong token (401) names the variable, never the value, and pushes nothing', async () => {
    const { runId, branch } = await evolve(2);
    const bad = 'ghs_wrong_token_9876543210';
    const r = await run(dir, ['propose', runId, ...flags()], { ...gh(), GITHUB_TOKEN: bad });
    assert.equal(r.code, 1);
    assert.match(r.err, /GITHUB_TOKEN/);
    assert.doesNotMatch(r.err + r.out, new RegExp(bad));
    assert.equal(remote.branchTip(branch as string), null);
  });

  it('a server dumping request headers in a 500 leaks no token, even with --debug', async () => {
    const { runId } = await evolve(6);
    for (const debug of [[], ['--debug']]) {
      github.failNext({ operationId: 'repos/get', status: 500 });
      const r = await run(dir, ['propose', runId, ...flags(), ...debug], gh());
      assert.equal(r.code, 1, r.out);
      assert.match(r.err, /GitHub answered 500/);
      if (debug.length) assert.match(r.err, /ForgeError/);
      assert.doesNotMatch(r.err + r.out, new RegExp(TOKEN));
      assert.doesNotMatch(r.err + r.out, /authorization"?:\s*"?token\s+[^[\s]/i);
    }
  });

  it('a branch pointing at a damaged object (a full disk mid-commit) is refused, not proposed', async () => {
    const { runId, branch } = await evolve(7);
    const tip = (await cli(dir, 'rev-parse', branch as string)).trim();
    const file = join(dir, '.git/objects', tip.slice(0, 2), tip.slice(2));
    const saved = readFileSync(file);
    truncateSync(file, 0);
    try {
      const before = github.pulls.length;
      const r = await run(dir, ['propose', runId, ...flags()], gh());
      assert.equal(r.code, 1, r.out);
      assert.match(r.err, new RegExp(`needs object ${tip}, which is missing or damaged`));
      assert.equal(github.pulls.length, before);
      assert.equal(remote.branchTip(branch as string), null);
    } finally {
      writeFileSync(file, saved);
    }
  });

  it('a token that cannot write (403) fails before the push', async () => {
    const { runId, branch } = await evolve(3);
    github.setCanPush(false);
    try {
      const r = await run(dir, ['propose', runId, ...flags()], gh());
      assert.equal(r.code, 1);
      assert.match(r.err, /contents: write/);
      assert.equal(remote.branchTip(branch as string), null);
    } finally {
      github.setCanPush(true);
    }
  });

  it('a failed pull-request creation leaves no orphan branch; running again repairs', async () => {
    const { runId, branch } = await evolve(4);
    const before = github.pulls.length;
    github.failNext({ operationId: 'pulls/create', status: 502, message: 'Bad Gateway' });
    const r = await run(dir, ['propose', runId, ...flags()], gh());
    assert.equal(r.code, 1, r.out);
    assert.equal(remote.branchTip(branch as string), null);
    assert.equal(github.pulls.length, before);
    const again = await run(dir, ['propose', runId, ...flags()], gh());
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /^Opened pull request/);
    assert.equal(remote.branchTip(branch as string), (await cli(dir, 'rev-parse', branch as string)).trim());
  });

  it('a pull request already open for the branch (422) is found and updated, not duplicated', async () => {
    const { runId, branch } = await evolve(5);
    await pushBranch({ dir, remoteUrl: remote.url, branch: branch as string, token: TOKEN });
    // Open against another base: the list (filtered by base) misses it, so creation answers 422.
    const open = github.addPull({ head: branch as string, base: 'develop' });
    const before = github.pulls.length;
    const r = await run(dir, ['propose', runId, ...flags(), '--json'], gh());
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).action, 'updated');
    assert.equal(JSON.parse(r.out).number, open.number);
    assert.equal(github.pulls.length, before);
    assert.match(open.body, new RegExp(`evohub:proposal:${runId}`));
    assert.ok(github.requests.some((q) => q.includes('pulls/create')));
  });

  it('a remote branch that moved (non-fast-forward) is refused with a hint; --force overwrites it', async () => {
    const { runId, branch } = await evolve(6);
    // Someone else's commit on the remote branch.
    await cli(dir, 'commit', '-q', '--allow-empty', '-m', 'other work');
    const other = (await cli(dir, 'rev-parse', 'HEAD')).trim();
    await cli(dir, 'branch', '-q', 'other', other);
    await pushBranch({ dir, remoteUrl: remote.url, branch: 'other', token: TOKEN });
    const authed = new URL(remote.url);
    authed.username = 'x';
    authed.password = TOKEN;
    await cli(dir, 'push', '-q', authed.toString(), `other:refs/heads/${branch}`);
    const r = await run(dir, ['propose', runId, ...flags()], gh());
    assert.equal(r.code, 1);
    assert.match(r.err, /--force/);
    assert.equal(remote.branchTip(branch as string), other);
    const forced = await run(dir, ['propose', runId, ...flags(), '--force'], gh());
    assert.equal(forced.code, 0, forced.err);
    assert.equal(remote.branchTip(branch as string), (await cli(dir, 'rev-parse', branch as string)).trim());
  });

  it('a run with no committed winner is not proposed', async () => {
    const { runId } = await evolve(7, '--no-commit');
    const before = github.pulls.length;
    const r = await run(dir, ['propose', runId, ...flags()], gh());
    assert.equal(r.code, 1);
    assert.match(r.out, /committed no branch/);
    assert.equal(github.pulls.length, before);
    const unknown = await run(dir, ['propose', 'no-such-run', ...flags()], gh());
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no run no-such-run.*recent evolve runs/s);
  });

  it('with no token the proposal is recorded locally under .evohub/proposals', async () => {
    const { runId, branch } = await evolve(8);
    const r = await run(dir, ['propose', runId, '--json']);
    assert.equal(r.code, 0, r.err);
    const res = JSON.parse(r.out);
    assert.equal(res.forge, 'local');
    const rec = JSON.parse(readFileSync(join(dir, res.url), 'utf8'));
    assert.equal(rec.head, branch);
    assert.deepEqual(rec.labels, ['evohub']);
    assert.deepEqual(rec.reviewers, ['alice']);
    assert.match(rec.body, new RegExp(`evohub:proposal:${runId}`));
    assert.equal(remote.branchTip(branch as string), null);
  });
});
