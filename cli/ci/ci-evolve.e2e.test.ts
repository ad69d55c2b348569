/**
 * `evohub ci evolve` run as the runner runs it: the evolve workflow's own `run:` line, taken from the template,
 * executed by bash in a repository scaffolded by `evohub init` with the variables a job gets (GITHUB_REPOSITORY,
 * GITHUB_SERVER_URL, GITHUB_API_URL, GITHUB_TOKEN, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), against a real
 * smart-HTTP remote and the local GitHub server. Then the Action's entry with `command: evolve`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { pushBranch } from '../../adapters/git/push.ts';
import type { GitHttpServer } from '../../test/git-http/server.ts';
import type { GitHubServer } from '../../test/github/server.ts';
import { type ForgeRemotes, startForgeRemotes } from '../../test/support/forge-remotes.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const TOKEN = 'ghs_ci_evolve_token_0123456789';
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const node24 = dirname(process.execPath);

type Step = { id?: string; run?: string; env?: Record<string, string> };

/** `name=value` lines and `name<<EOF` blocks of a GITHUB_OUTPUT file. */
function outputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([\w-]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] as string, i + 1);
      out[heredoc[1] as string] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

describe('ci evolve as the runner runs it', () => {
  let work: string;
  let dir: string;
  let remote: GitHttpServer;
  let github: GitHubServer;
  let remotes: ForgeRemotes;
  let jobEnv: () => Record<string, string> & { GITHUB_OUTPUT: string; GITHUB_STEP_SUMMARY: string };

  before(async () => {
    remotes = await startForgeRemotes({ token: TOKEN, name: 'acme/prompts' });
    ({ remote, github } = remotes);
    work = mkdtempSync(join(tmpdir(), 'evohub-ci-evolve-'));
    dir = join(work, 'workspace');
    const { ctx } = memoryContext(work, {
      GIT_AUTHOR_NAME: 'Ada Tester',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
    });
    assert.equal(await runCli(['init', dir, '--template', 'classification'], ctx), 0);
    await pushBranch({ dir, remoteUrl: remote.url, branch: 'main', token: TOKEN });
    // The workflow's `npm ci` installs evohub; here its bin is this project's CLI (a symlink, so Node strips types).
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(join(projectRoot, 'cli/bin.ts'), join(dir, 'node_modules', '.bin', 'evohub'));
    const server = new URL(remote.url).origin;
    jobEnv = () => {
      const output = join(work, `output-${Math.random().toString(36).slice(2)}`);
      const summary = `${output}.summary`;
      writeFileSync(output, '');
      writeFileSync(summary, '');
      return {
        PATH: `${node24}:${process.env.PATH ?? ''}`,
        HOME: work,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: dir,
        GITHUB_REPOSITORY: 'acme/prompts',
        GITHUB_SERVER_URL: server,
        GITHUB_API_URL: github.url,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
      };
    };
  });
  after(async () => {
    await remotes.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("runs the template workflow's step: evolve, push, pull request, outputs and summary", async () => {
    const wf = parse(readFileSync(join(dir, '.github/workflows/evohub-evolve.yml'), 'utf8')) as {
      permissions: Record<string, string>;
      jobs: { evolve: { steps: Step[] } };
    };
    assert.deepEqual(wf.permissions, { contents: 'write', 'pull-requests': 'write' });
    const step = wf.jobs.evolve.steps.find((s) => s.id === 'evohub');
    assert.ok(step?.run && step.env);
    assert.ok('GITHUB_TOKEN' in step.env);
    const env = {
      ...jobEnv(),
      // The step's env as the runner resolves it on a schedule (no inputs): the defaults after `||`.
      PROMPT: 'ticket-triage',
      GENERATIONS: '3',
      GITHUB_TOKEN: TOKEN,
      GIT_AUTHOR_NAME: 'github-actions[bot]',
      GIT_AUTHOR_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com',
    };
    assert.match(step.env.PROMPT ?? '', /'ticket-triage'/);
    const { stdout } = await promisify(execFile)('bash', ['-e', '-c', step.run], { cwd: dir, env });
    assert.match(stdout, /Opened pull request #1: /);
    const out = outputs(env.GITHUB_OUTPUT);
    const pr = github.pulls[0];
    assert.ok(pr);
    assert.equal(out['pr-url'], `${github.url}/acme/prompts/pull/${pr.number}`);
    assert.equal(out.proposed, 'true');
    assert.equal(pr.head, `evohub/ticket-triage/${out['run-id']}`);
    assert.ok(remote.branchTip(pr.head));
    assert.match(pr.body, new RegExp(`evohub:proposal:${out['run-id']}`));
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8');
    assert.match(summary, /### Baseline vs winner \(held-out\)/);
    assert.ok(summary.includes(out['pr-url'] as string));
    assert.doesNotMatch(stdout + summary + readFileSync(env.GITHUB_OUTPUT, 'utf8'), new RegExp(TOKEN));
    assert.deepEqual(github.violations, []);
  });

  it('the Action with command: evolve sets pr-url (token from the github-token input)', async () => {
    const env = {
      ...jobEnv(),
      INPUT_COMMAND: 'evolve',
      INPUT_PROMPT: 'ticket-triage',
      INPUT_GENERATIONS: '2',
      INPUT_SEED: '9',
      'INPUT_GITHUB-TOKEN': TOKEN,
      GIT_AUTHOR_NAME: 'github-actions[bot]',
      GIT_AUTHOR_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com',
    };
    const before = github.pulls.length;
    await promisify(execFile)(process.execPath, [join(projectRoot, 'action/main.ts')], { cwd: dir, env });
    assert.equal(github.pulls.length, before + 1);
    const pr = github.pulls.at(-1);
    assert.equal(outputs(env.GITHUB_OUTPUT)['pr-url'], `${github.url}/acme/prompts/pull/${pr?.number}`);
    assert.match(pr?.body ?? '', /--seed 9 .*--generations 2/);
  });

  it('a run with nothing better proposes nothing: exit 0, empty pr-url, the summary says why', async () => {
    const env = { ...jobEnv(), GITHUB_TOKEN: TOKEN, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.com' };
    const before = github.pulls.length;
    // Reflection finds a better wording in one generation on this template; minimising cost alone, nothing beats
    // the baseline (every edit adds tokens), so there is nothing to propose.
    const args = [
      'ci',
      'evolve',
      'ticket-triage',
      '--seed',
      '2',
      '--generations',
      '1',
      '--population',
      '2',
      '--objectives',
      'cost',
    ];
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(projectRoot, 'cli/bin.ts'), ...args],
      {
        cwd: dir,
        env,
      },
    );
    assert.match(stdout, /nothing to propose; no pull request/);
    const out = outputs(env.GITHUB_OUTPUT);
    assert.equal(out['pr-url'], '');
    assert.equal(out.proposed, 'false');
    assert.match(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'), /## evohub evolve: nothing to propose/);
    assert.equal(github.pulls.length, before);
  });

  it('in a job, a missing token fails clearly, before evolving, instead of falling back to a local record', async () => {
    const env = {
      ...jobEnv(),
      PROMPT: 'ticket-triage',
      GIT_AUTHOR_NAME: 'b',
      GIT_AUTHOR_EMAIL: 'b@example.com',
    };
    const r = await promisify(execFile)(
      process.execPath,
      [join(projectRoot, 'cli/bin.ts'), 'ci', 'evolve', 'ticket-triage', '--generations', '2'],
      { cwd: dir, env },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(r.code, 1);
    assert.match(r.stderr, /GITHUB_TOKEN is not set/);
    // Checked before the evolution spends anything.
    assert.doesNotMatch(r.stderr, /^gen \d/m);
  });
});
