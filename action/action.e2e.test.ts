/**
 * The action run as the runner runs it: action.yml's `main` (the committed bundle action/dist/index.js) from a
 * copy of the action folder with no node_modules anywhere (as in the runner's _actions/ directory, no install
 * step), in a checkout of the prompt repository, with GITHUB_EVENT_PATH holding a
 * pull_request payload of GitHub's schema, INPUT_* variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, and
 * GITHUB_API_URL pointing at the local OpenAPI-checked GitHub server.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { cli } from '../test/git-http/cli.ts';
import { pullRequestEvent } from '../test/github/events.ts';
import { loadGitHubContract, type OpenApiContract } from '../test/github/openapi.ts';
import { type GitHubServer, startGitHubServer } from '../test/github/server.ts';
import { commitTemplate } from '../test/support/forge-remotes.ts';

const actionsHome = mkdtempSync(join(tmpdir(), 'evohub-runner-actions-'));
const actionDir = join(actionsHome, 'acme/evohub/v1/action');
for (const f of ['action.yml', 'dist']) {
  cpSync(fileURLToPath(new URL(`./${f}`, import.meta.url)), join(actionDir, f), { recursive: true });
}
const entry = join(
  actionDir,
  (parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as { runs: { main: string } }).runs.main,
);
const templates = fileURLToPath(new URL('../templates/classification/', import.meta.url));
const PROMPT = 'prompts/ticket-triage.prompt.yml';
const TOKEN = 'ghs_action_token_abcdef123456';

const BAD = 'Write a friendly reply. Also mention the weather. Answer with a long explanation.';
const GOOD =
  'Classify the customer support ticket into exactly one label: billing, bug, feature_request, account, other. ' +
  'billing: charges, refunds, invoices, payment. bug: crashes, errors, something broken. feature_request: asks to add a feature. ' +
  'account: login, password, profile. Answer with the label only, lowercase, nothing else.';

function withSystem(text: string, system: string): string {
  return text.replace(
    /messages:\n[\s\S]*?(?=\n\S)/,
    `messages:\n  - role: system\n    content: ${JSON.stringify(system)}\n  - role: user\n    content: "{{ticket}}"`,
  );
}

type Run = { code: number | null; stdout: string; stderr: string; output: string; summary: string };

/** Spawns the entry asynchronously (the GitHub server answers from this process). */
function runAction(cwd: string, env: Record<string, string>): Promise<Run> {
  const outFile = join(cwd, '..', `output-${Math.random().toString(36).slice(2)}`);
  const summaryFile = `${outFile}-summary`;
  writeFileSync(outFile, '');
  writeFileSync(summaryFile, '');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [entry],
      {
        cwd,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          GITHUB_ACTIONS: 'true',
          GITHUB_WORKSPACE: cwd,
          GITHUB_OUTPUT: outFile,
          GITHUB_STEP_SUMMARY: summaryFile,
          ...env,
        },
      },
      (error, stdout, stderr) => {
        resolve({
          code: error ? ((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
          output: readFileSync(outFile, 'utf8'),
          summary: readFileSync(summaryFile, 'utf8'),
        });
      },
    );
  });
}

describe('the action on a pull_request event', () => {
  let contract: OpenApiContract;
  let github: GitHubServer;
  let work: string;
  let repo: string;
  const shas: Record<string, string> = {};

  before(async () => {
    contract = loadGitHubContract();
    github = await startGitHubServer({ contract, token: TOKEN, owner: 'acme', repo: 'prompts' });
    work = mkdtempSync(join(tmpdir(), 'evohub-action-'));
    repo = join(work, 'checkout');
    await commitTemplate(templates, repo);
    const original = readFileSync(join(repo, PROMPT), 'utf8');
    shas.base = (await cli(repo, 'rev-parse', 'HEAD')).trim();
    await cli(repo, 'checkout', '-q', '-b', 'tweak');
    writeFileSync(join(repo, PROMPT), withSystem(original, BAD));
    await cli(repo, 'commit', '-q', '-am', 'worse prompt');
    shas.bad = (await cli(repo, 'rev-parse', 'HEAD')).trim();
    writeFileSync(join(repo, PROMPT), withSystem(original, GOOD));
    await cli(repo, 'commit', '-q', '-am', 'better prompt');
    shas.good = (await cli(repo, 'rev-parse', 'HEAD')).trim();
    github.addPull({
      head: 'tweak',
      base: 'main',
      headSha: shas.bad as string,
      baseSha: shas.base as string,
    });
  });
  after(async () => {
    await github.close();
    rmSync(work, { recursive: true, force: true });
    rmSync(actionsHome, { recursive: true, force: true });
  });

  function eventFile(
    name: string,
    head: string,
    action: 'opened' | 'synchronize',
    headRepo?: string,
  ): string {
    const payload = pullRequestEvent(contract, {
      action,
      number: 1,
      repo: 'acme/prompts',
      ...(headRepo ? { headRepo } : {}),
      base: { ref: 'main', sha: shas.base as string },
      head: { ref: 'tweak', sha: head },
    });
    const file = join(work, `${name}.json`);
    writeFileSync(file, JSON.stringify(payload));
    return file;
  }

  const baseEnv = () => ({
    GITHUB_REPOSITORY: 'acme/prompts',
    GITHUB_API_URL: github.url,
    'INPUT_GITHUB-TOKEN': TOKEN,
    INPUT_COMMAND: 'pr',
    INPUT_THRESHOLD: '0.05',
  });

  it('posts one comment with the comparison and fails on a significant regression', async () => {
    const r = await runAction(repo, {
      ...baseEnv(),
      GITHUB_EVENT_PATH: eventFile('opened', shas.bad as string, 'opened'),
    });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /significant regression beyond the threshold 0\.05/);
    assert.equal(github.comments.length, 1);
    const body = github.comments[0]?.body ?? '';
    assert.match(body, /^<!-- evohub:ci-pr -->/);
    assert.match(body, /❌ Significant regression/);
    assert.match(body, /`prompts\/ticket-triage\.prompt\.yml` \(modified\)/);
    assert.match(body, /\| exact-label \| \d+ \|/);
    assert.match(body, /Simulated provider/);
    assert.match(r.output, /^verdict=regression$/m);
    assert.match(r.output, /^changed-prompts=1$/m);
    assert.match(
      r.output,
      /^comment-url=http:\/\/127\.0\.0\.1:\d+\/acme\/prompts\/pull\/1#issuecomment-\d+$/m,
    );
    assert.match(r.summary, /❌ Significant regression/);
    assert.doesNotMatch(`${r.stdout}${r.stderr}${r.output}${r.summary}${body}`, new RegExp(TOKEN));
    assert.deepEqual(github.violations, []);
  });

  it('on the next push updates the same comment instead of adding one', async () => {
    const r = await runAction(repo, {
      ...baseEnv(),
      GITHUB_EVENT_PATH: eventFile('sync', shas.good as string, 'synchronize'),
    });
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    assert.equal(github.comments.length, 1);
    assert.doesNotMatch(github.comments[0]?.body ?? '', /Significant regression/);
    assert.match(r.output, /^verdict=(improvement|no significant change)$/m);
    assert.ok(github.requests.includes('PATCH issues/update-comment'));
    assert.deepEqual(github.violations, []);
  });

  it('a fork pull request skips the comment with a clear message; the check still runs', async () => {
    const before = github.requests.length;
    const r = await runAction(repo, {
      ...baseEnv(),
      GITHUB_EVENT_PATH: eventFile('fork', shas.bad as string, 'opened', 'mallory/prompts'),
    });
    assert.equal(r.code, 1, 'the regression still fails the check');
    assert.match(r.stderr, /pull request from a fork \(mallory\/prompts\).*comment is skipped/);
    assert.equal(github.requests.length, before, 'no GitHub call');
    assert.match(r.output, /^verdict=regression$/m);
  });

  it('a read-only token (403) skips the comment naming the permission', async () => {
    github.setCanPush(false);
    try {
      const r = await runAction(repo, {
        ...baseEnv(),
        // A different head and threshold than the comment holds, so that the comment would need a write.
        INPUT_THRESHOLD: '1',
        GITHUB_EVENT_PATH: eventFile('ro', shas.bad as string, 'synchronize'),
      });
      assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
      assert.match(r.stderr, /comment is skipped.*pull-requests: write/);
      assert.match(r.output, /^comment-url=$/m);
    } finally {
      github.setCanPush(true);
    }
  });

  it('a wrong token fails with the variable named, not the value', async () => {
    const r = await runAction(repo, {
      ...baseEnv(),
      'INPUT_GITHUB-TOKEN': 'ghs_not_the_right_one_999',
      GITHUB_EVENT_PATH: eventFile('bad-token', shas.good as string, 'synchronize'),
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /GITHUB_TOKEN was rejected \(401/);
    assert.doesNotMatch(r.stderr, /ghs_not_the_right_one_999/);
  });

  it('an unknown command input lists the known ones (exit 2)', async () => {
    const r = await runAction(repo, { ...baseEnv(), INPUT_COMMAND: 'deploy' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command input "deploy".*known: pr/);
  });

  it('command evolve, which needs DuckDB, is refused by the bundle with where to run it instead (exit 2)', async () => {
    const r = await runAction(repo, { ...baseEnv(), INPUT_COMMAND: 'evolve', INPUT_PROMPT: 'ticket-triage' });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /stores its run in DuckDB.*npx evohub ci evolve/);
  });
});
