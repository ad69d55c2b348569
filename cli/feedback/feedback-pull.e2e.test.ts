/**
 * The Done-when of production feedback: cases recorded by the runtime SDK (file sink) are pulled by
 * `evohub feedback pull`, de-duplicated against the template's dataset, redacted by evohub.yaml's rules, and
 * appear as dataset rows in a pull request on the OpenAPI-checked local GitHub server, the branch pushed to a
 * real smart-HTTP remote. The working tree and the current branch stay untouched; a second pull adds nothing.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileFeedbackSink } from '../../adapters/feedback/file-feedback.ts';
import { pushBranch } from '../../adapters/git/push.ts';
import { createFeedbackRecorder } from '../../runtime/feedback-recorder.ts';
import { cli } from '../../test/git-http/cli.ts';
import { type ForgeRemotes, startForgeRemotes } from '../../test/support/forge-remotes.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const TOKEN = 'ghs_feedback_e2e_token_0123456789';
const AUTHOR = { GIT_AUTHOR_NAME: 'Ada Tester', GIT_AUTHOR_EMAIL: 'ada@example.com' };

async function run(dir: string, args: string[], env: Record<string, string | undefined> = {}) {
  const { ctx, stdout, stderr } = memoryContext(dir, { ...AUTHOR, ...env });
  const code = await runCli(args, ctx);
  return { code, out: stdout(), err: stderr() };
}

describe('runtime SDK → evohub feedback pull → a pull request of new dataset rows', () => {
  let work: string;
  let dir: string;
  let remotes: ForgeRemotes;
  const dataset = 'datasets/ticket-triage.jsonl';

  before(async () => {
    remotes = await startForgeRemotes({ token: TOKEN, name: 'prompts' });
    work = mkdtempSync(join(tmpdir(), 'evohub-feedback-e2e-'));
    dir = join(work, 'prompts');
    const init = await run(work, ['init', dir, '--template', 'classification']);
    assert.equal(init.code, 0, init.err);
    appendFileSync(
      join(dir, 'evohub.yaml'),
      'pii:\n  patterns:\n    - name: order\n      regex: "ORD-[0-9]{5}"\nfeedback:\n  from: file\n  file: feedback/cases.jsonl\n',
    );
    await cli(dir, 'commit', '-q', '-am', 'feedback settings');
    await pushBranch({ dir, remoteUrl: remotes.remote.url, branch: 'main', token: TOKEN });

    // What the application records in production (its own rules: e-mail only; the repository adds `order`).
    const rec = createFeedbackRecorder({
      sink: fileFeedbackSink(join(dir, 'feedback/cases.jsonl')),
      pii: { detectors: ['email'] },
      captureOutput: true,
    });
    await rec.recordFlagged({
      prompt: 'ticket-triage',
      version: 1,
      variables: {
        ticket: 'Order ORD-12345 arrived broken, write to me at ada@example.com for the return label',
      },
      output: 'billing',
      expected: 'account',
      reason: 'thumbs-down',
    });
    await rec.recordFlagged({
      prompt: 'ticket-triage',
      version: 1,
      // The template's first row, nearly verbatim: a duplicate, not a new case.
      variables: {
        ticket: 'I was charged twice for my monthly subscription! Can I get a refund for the extra charge?',
      },
      output: 'bug',
      reason: 'thumbs-down',
    });
    await rec.recordFlagged({ prompt: 'no-such-prompt', version: 1, variables: { ticket: 'x' } });
  });
  after(async () => {
    await remotes.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('opens a pull request whose branch adds only the new, redacted case', async () => {
    const headBefore = (await cli(dir, 'rev-parse', 'HEAD')).trim();
    const datasetBefore = readFileSync(join(dir, dataset), 'utf8');
    const r = await run(
      dir,
      [
        'feedback',
        'pull',
        '--since',
        '1h',
        '--repo',
        'acme/prompts',
        '--remote',
        remotes.remote.url,
        '--json',
      ],
      { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: remotes.github.url },
    );
    assert.equal(r.code, 0, r.err);
    const res = JSON.parse(r.out);
    assert.equal(res.cases, 3);
    assert.equal(res.added, 1);
    assert.deepEqual(
      res.plan.skipped.map((s: { reason: string }) => s.reason.split(' (')[0]),
      ['near duplicate of row 1', 'no such prompt'],
    );
    assert.equal(remotes.github.pulls.length, 1);
    const pr = remotes.github.pulls[0];
    assert.ok(pr);
    assert.equal(pr.head, res.proposal.branch);
    assert.match(pr.head, /^evohub\/feedback\/\d{8}T\d{6}$/);
    assert.equal(pr.base, 'main');
    assert.match(pr.title, /1 test case from production feedback \(ticket-triage\)/);
    assert.match(
      pr.body,
      /\| datasets\/ticket-triage\.jsonl \| .+ \| thumbs-down \| ticket: Order \[REDACTED:order\] arrived broken/,
    );
    assert.ok(!pr.body.includes('ada@example.com') && !pr.body.includes('ORD-12345'));

    // The pushed branch: the dataset with exactly one row more, redacted; the old rows byte for byte.
    assert.equal(remotes.remote.branchTip(pr.head), (await cli(dir, 'rev-parse', pr.head)).trim());
    const onBranch = await cli(dir, 'show', `${pr.head}:${dataset}`);
    assert.ok(onBranch.startsWith(datasetBefore));
    const added = onBranch.slice(datasetBefore.length).trim().split('\n');
    assert.equal(added.length, 1);
    const row = JSON.parse(added[0] as string);
    assert.equal(
      row.ticket,
      'Order [REDACTED:order] arrived broken, write to me at [EMAIL] for the return label',
    );
    assert.equal(row.expected, 'account');
    assert.equal(row.feedback.output, 'billing');
    assert.equal(row.feedback.reason, 'thumbs-down');

    // Nothing else moved: current branch, working tree.
    assert.equal((await cli(dir, 'rev-parse', 'HEAD')).trim(), headBefore);
    assert.equal(readFileSync(join(dir, dataset), 'utf8'), datasetBefore);
  });

  it('a dry run on the branch finds nothing new: the case is in its dataset already', async () => {
    const branch = remotes.github.pulls[0]?.head as string;
    const r = await run(dir, ['feedback', 'pull', '--base', branch, '--dry-run', '--json']);
    assert.equal(r.code, 0, r.err);
    const res = JSON.parse(r.out);
    assert.equal(res.added, 0);
    assert.equal(res.proposal, null);
    assert.match(res.plan.skipped[0].reason, /already in the dataset/);
  });

  it('bad flags are usage errors naming the flag', async () => {
    const r = await run(dir, ['feedback', 'pull', '--from', 'kafka']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown feedback source "kafka".*file/);
    const s = await run(dir, ['feedback', 'pull', '--since', 'last week', '--dry-run']);
    assert.equal(s.code, 2);
    assert.match(s.err, /--since must be a duration/);
  });
});
