/**
 * `evohub feedback pull --from prometheus` against a real Prometheus (the Debian binary, started with
 * `--enable-feature=exemplar-storage`): an application records flagged cases with the runtime SDK's Prometheus
 * sink (prom-client, OpenMetrics with exemplars), Prometheus scrapes it every second, and the pull turns the stored
 * exemplars into redacted dataset rows in a pull request on the OpenAPI-checked GitHub server. A second pull after
 * the merge, or while the pull request is still open, finds nothing new and opens no pull request.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type OpenMetricsContentType, Registry } from 'prom-client';
import { FEEDBACK_METRIC, prometheusFeedbackSink } from '../../adapters/feedback/prometheus-feedback.ts';
import { pushBranch } from '../../adapters/git/push.ts';
import { createFeedbackRecorder, type FeedbackRecorder } from '../../runtime/feedback-recorder.ts';
import {
  type PrometheusHarness,
  poll,
  prometheusAvailable,
  startPrometheus,
} from '../../test/gate/prometheus-harness.ts';
import { cli } from '../../test/git-http/cli.ts';
import { type ForgeRemotes, startForgeRemotes } from '../../test/support/forge-remotes.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const TOKEN = 'ghs_feedback_prom_e2e_token_0123456789';
const AUTHOR = { GIT_AUTHOR_NAME: 'Ada Tester', GIT_AUTHOR_EMAIL: 'ada@example.com' };
const DATASET = 'datasets/support-reply.jsonl';
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

const PROMPT = [
  'name: Support reply',
  'model: simulated/ticket-triage',
  'messages:',
  '  - role: user',
  "    content: '{{input}}'",
  'testData: ../datasets/support-reply.jsonl',
  'evaluators:',
  '  - name: exact-label',
  '    string:',
  "      equals: '{{expected}}'",
  '',
].join('\n');
const FIRST_ROW = {
  input: 'I was charged twice for my subscription, please refund one',
  expected: 'billing',
};

async function run(dir: string, args: string[], env: Record<string, string | undefined> = {}) {
  const { ctx, stdout, stderr } = memoryContext(dir, { ...AUTHOR, ...env });
  const code = await runCli(args, ctx);
  return { code, out: stdout(), err: stderr() };
}

type ExemplarSeries = { exemplars: { labels: Record<string, string>; timestamp: number }[] }[];

describe('runtime SDK → Prometheus exemplars (real server) → evohub feedback pull → a pull request', {
  // Skipped on a developer machine without Prometheus; in CI (provisioned) a missing binary must fail loudly.
  skip: !prometheusAvailable() && !process.env.CI && 'prometheus is not installed (npm run provision)',
}, () => {
  let work: string;
  let dir: string;
  let remotes: ForgeRemotes;
  let app: Server;
  let prom: PrometheusHarness;
  let rec: FeedbackRecorder;
  const ids: string[] = [];

  /** Records one case and waits until Prometheus has scraped its exemplar: the counter keeps only the last one. */
  async function flag(input: string, reason: string): Promise<void> {
    const c = await rec.recordFlagged({ prompt: 'support-reply', version: 2, variables: { input }, reason });
    ids.push(c.id);
    await poll(`the exemplar of ${c.id}`, 20_000, async () => {
      const q = new URLSearchParams({
        query: FEEDBACK_METRIC,
        start: '0',
        end: String(Date.now() / 1000 + 60),
      });
      const body = (await (await fetch(`${prom.url}/api/v1/query_exemplars?${q}`)).json()) as {
        data: ExemplarSeries;
      };
      return body.data.some((s) => s.exemplars.some((e) => e.labels.case_id === c.id)) ? true : undefined;
    });
  }

  /** `evohub feedback pull` from the test's Prometheus over the last hour, against the test GitHub server. */
  const pull = (flags: string[]) =>
    run(dir, ['feedback', 'pull', '--url', prom.url, '--since', '1h', ...flags], {
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: remotes.github.url,
    });

  before(async () => {
    remotes = await startForgeRemotes({ token: TOKEN, name: 'prompts' });
    work = mkdtempSync(join(tmpdir(), 'evohub-feedback-prom-e2e-'));
    dir = join(work, 'prompts');
    const init = await run(work, ['init', dir, '--template', 'classification']);
    assert.equal(init.code, 0, init.err);
    mkdirSync(join(dir, 'datasets'), { recursive: true });
    writeFileSync(join(dir, 'prompts/support-reply.prompt.yml'), PROMPT);
    writeFileSync(join(dir, DATASET), `${JSON.stringify(FIRST_ROW)}\n`);
    writeFileSync(
      join(dir, 'evohub.yaml'),
      'pii:\n  patterns:\n    - name: order\n      regex: "ORD-[0-9]{5}"\nfeedback:\n  from: prometheus\n',
      { flag: 'a' },
    );
    await cli(dir, 'add', '-A');
    await cli(dir, 'commit', '-q', '-m', 'support-reply prompt and feedback settings');
    await pushBranch({ dir, remoteUrl: remotes.remote.url, branch: 'main', token: TOKEN });

    // The application: the SDK's Prometheus sink on an OpenMetrics registry, served at /metrics.
    const registry = new Registry<OpenMetricsContentType>();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    rec = createFeedbackRecorder({ sink: prometheusFeedbackSink(registry), pii: { detectors: ['email'] } });
    app = createServer(async (_req, res) => {
      res.setHeader('content-type', registry.contentType);
      res.end(await registry.metrics());
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    const port = (app.address() as { port: number }).port;
    prom = await startPrometheus([`127.0.0.1:${port}`], { features: ['exemplar-storage'] });

    await flag('Refund ORD-12345 please, write to ada@example.com', 'thumbs-down');
    await flag('I was charged twice for my subscription, please refund one!', 'thumbs-down'); // near duplicate
    await flag('he said "cancel it"', 'escalated'); // quotes: the exemplar keeps only the case id
    await flag('screen went black \x1b]0;PWNED\x07\x1b[2J after login', 'escalated');
  });
  after(async () => {
    await prom?.stop();
    await new Promise((r) => app?.close(r));
    await remotes?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('turns the exemplars into redacted rows in one pull request', async () => {
    const r = await pull(['--repo', 'acme/prompts', '--remote', remotes.remote.url]);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out + r.err, RAW, 'escape sequences from production never reach the terminal raw');
    assert.match(
      r.out,
      /^3 flagged case\(s\) from Prometheus http:\/\/127\.0\.0\.1:\d+ .*: 2 new row\(s\), 1 skipped/,
    );
    assert.match(r.out, new RegExp(`- ${ids[1]} \\(support-reply\\): near duplicate of row 1`));
    assert.equal(remotes.github.pulls.length, 1);
    const pr = remotes.github.pulls[0];
    assert.ok(pr);
    assert.equal(pr.base, 'main');
    assert.match(pr.title, /2 test cases from production feedback \(support-reply\)/);
    assert.doesNotMatch(pr.body, RAW);
    assert.ok(!pr.body.includes('ada@example.com') && !pr.body.includes('ORD-12345'));

    const onBranch = await cli(dir, 'show', `${pr.head}:${DATASET}`);
    const rows = onBranch
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(rows[0], FIRST_ROW);
    assert.deepEqual(
      rows.slice(1).map((row) => [row.input, row.feedback.case, row.feedback.version, row.feedback.reason]),
      [
        ['Refund [REDACTED:order] please, write to [EMAIL]', ids[0], '2', 'thumbs-down'],
        ['screen went black \x1b]0;PWNED\x07\x1b[2J after login', ids[3], '2', 'escalated'],
      ],
    );
    // The exemplar's timestamp (seconds, as a float) became the case's time.
    for (const row of rows.slice(1)) assert.ok(Date.now() - Date.parse(row.feedback.time) < 3_600_000);
  });

  it('a second pull while the pull request is open proposes nothing again', async () => {
    const r = await pull(['--json']);
    assert.equal(r.code, 0, r.err);
    const res = JSON.parse(r.out);
    assert.equal(res.added, 0);
    assert.equal(res.proposal, null);
    const head = remotes.github.pulls[0]?.head as string;
    assert.deepEqual(
      res.plan.skipped.map((s: { id: string; reason: string }) => [s.id, s.reason.split(' (')[0]]),
      [
        [ids[0], `already proposed on ${head}`],
        [ids[1], 'near duplicate of row 1'],
        [ids[3], `already proposed on ${head}`],
      ],
    );
    assert.equal(remotes.github.pulls.length, 1);
  });

  it('after the merge a second pull adds no row and opens no pull request', async () => {
    const head = remotes.github.pulls[0]?.head as string;
    await cli(dir, 'merge', '-q', '--ff-only', head);
    await pushBranch({ dir, remoteUrl: remotes.remote.url, branch: 'main', token: TOKEN });
    const r = await pull(['--repo', 'acme/prompts', '--remote', remotes.remote.url, '--json']);
    assert.equal(r.code, 0, r.err);
    const res = JSON.parse(r.out);
    assert.equal(res.cases, 3);
    assert.equal(res.added, 0);
    assert.equal(res.proposal, null);
    assert.deepEqual(
      res.plan.skipped.map((s: { reason: string }) => s.reason.split(' (')[0]),
      ['already in the dataset', 'near duplicate of row 1', 'already in the dataset'],
    );
    assert.equal(remotes.github.pulls.length, 1);
    assert.equal((await cli(dir, 'show', `HEAD:${DATASET}`)).trim().split('\n').length, 3);
  });
});
