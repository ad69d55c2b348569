/**
 * The runtime SDK's feedback recording through every sink, read back by `feedback pull`'s sources: a JSONL file,
 * a real PostgreSQL (test/store/postgres-harness.ts) and Prometheus exemplars (prom-client's OpenMetrics
 * exposition; the source against a local HTTP server answering /api/v1/query_exemplars as Prometheus 2.42 does:
 * target labels on the series, values as strings, timestamps in seconds with milliseconds). The same path
 * against a real Prometheus: cli/feedback/feedback-pull-prometheus.e2e.test.ts.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type OpenMetricsContentType, Registry } from 'prom-client';
import { ValidationError } from '../../core/errors.ts';
import { createFeedbackRecorder } from '../../runtime/feedback-recorder.ts';
import { startTestPostgres } from '../../test/store/postgres-harness.ts';
import { fileFeedbackSink, fileFeedbackSource } from './file-feedback.ts';
import { postgresFeedbackSink, postgresFeedbackSource } from './postgres-feedback.ts';
import { exemplarLabels, prometheusFeedbackSink, prometheusFeedbackSource } from './prometheus-feedback.ts';

const dir = mkdtempSync(join(tmpdir(), 'evohub-feedback-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const fixed = { now: () => new Date(Date.UTC(2026, 11, 1, 10, 0, n)), newId: () => `case-${++n}` };

test('file sink: redacted cases, output only when captured, read back in order; a torn last line waits', async () => {
  const file = join(dir, 'cases.jsonl');
  const rec = createFeedbackRecorder({ sink: fileFeedbackSink(file), captureOutput: true, ...fixed });
  const stored = await rec.recordFlagged({
    prompt: 'ticket-triage',
    version: 3,
    variables: { input: 'refund to ada@example.com, card 4111-1111-1111-1111' },
    output: 'I emailed ada@example.com',
    reason: 'thumbs-down',
  });
  assert.deepEqual(stored.variables, { input: 'refund to [EMAIL], card [CARD]' });
  assert.equal(stored.output, 'I emailed [EMAIL]');
  const noOutput = createFeedbackRecorder({ sink: fileFeedbackSink(file), ...fixed });
  await noOutput.recordFlagged({
    prompt: 'ticket-triage',
    version: '3',
    variables: { input: 'hi' },
    output: 'x',
  });
  appendFileSync(file, '{"id":"half-writ');
  const cases = await fileFeedbackSource(file).read({});
  assert.deepEqual(
    cases.map((c) => [c.id, c.output]),
    [
      ['case-1', 'I emailed [EMAIL]'],
      ['case-2', undefined],
    ],
  );
  assert.deepEqual(
    await fileFeedbackSource(file).read({ since: new Date(Date.UTC(2026, 11, 1, 10, 0, 2)) }),
    [cases[1]],
  );
  appendFileSync(file, 'ten"}\nnot json\n');
  await assert.rejects(
    fileFeedbackSource(file).read({}),
    (e: unknown) => e instanceof ValidationError && /cases\.jsonl:3:/.test(e.userMessage()),
  );
});

test('postgres sink and source: a real table, idempotent per case id', async (t) => {
  const started = await startTestPostgres();
  if ('skip' in started) return t.skip(started.skip);
  try {
    const sink = postgresFeedbackSink(started.pg.url);
    const rec = createFeedbackRecorder({ sink, pii: { detectors: ['phone'] }, ...fixed });
    const c = await rec.recordFlagged({
      prompt: 'summarizer',
      version: 2,
      variables: { text: 'call me on +1 415 555 0100', lang: 'en' },
      expected: 'A short callback request.',
    });
    await sink.write(c); // again: no duplicate
    await rec.close();
    const source = postgresFeedbackSource(started.pg.url);
    const back = await source.read({});
    await source.close?.();
    assert.deepEqual(back, [c]);
    assert.equal(back[0]?.variables.text, 'call me on [PHONE]');
  } finally {
    await started.pg.stop();
  }
});

test('prometheus: the counter carries exemplars; the source turns exemplars with an input into cases', async () => {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const rec = createFeedbackRecorder({ sink: prometheusFeedbackSink(registry), ...fixed });
  const c = await rec.recordFlagged({
    prompt: 'ticket-triage',
    version: 3,
    variables: { input: 'app crashes on login' },
    reason: 'escalated',
  });
  const text = await registry.metrics();
  assert.match(
    text,
    new RegExp(
      `evohub_feedback_flagged_total\\{prompt="ticket-triage",version="3",reason="escalated"\\} 1 # \\{case_id="${c.id}",input="app crashes on login"\\}`,
    ),
  );
  assert.deepEqual(exemplarLabels({ ...c, variables: { input: 'x'.repeat(200) } }), { case_id: c.id });
  // Prometheus would hand these back still escaped (`\"`): the input stays out rather than come back altered.
  for (const input of ['say "hi"', 'C:\\temp', 'two\nlines'])
    assert.deepEqual(exemplarLabels({ ...c, variables: { input } }), { case_id: c.id }, input);

  const server = createServer((req, res) => {
    assert.match(req.url ?? '', /^\/api\/v1\/query_exemplars\?query=evohub_feedback_flagged_total&start=/);
    // Credentials in the URL (a Prometheus behind basic auth) arrive as a header.
    assert.equal(req.headers.authorization, `Basic ${Buffer.from('bob:s3cret/x').toString('base64')}`);
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        status: 'success',
        data: [
          {
            seriesLabels: {
              __name__: 'evohub_feedback_flagged_total',
              prompt: 'ticket-triage',
              instance: '127.0.0.1:8080',
              job: 'app',
              version: '3',
              reason: 'escalated',
            },
            exemplars: [
              {
                labels: { case_id: 'e1', input: 'app crashes on login' },
                value: '1',
                timestamp: 1764583200.25,
              },
              { labels: { case_id: 'e2' }, value: '1', timestamp: 1764583201.5 },
            ],
          },
        ],
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as { port: number }).port;
    const source = prometheusFeedbackSource(`http://bob:s3cret%2Fx@127.0.0.1:${port}/`);
    assert.equal(
      source.description,
      `Prometheus http://127.0.0.1:${port} (exemplars of evohub_feedback_flagged_total)`,
    );
    const cases = await source.read({ since: new Date(0) });
    assert.deepEqual(cases, [
      {
        id: 'e1',
        time: '2025-12-01T10:00:00.250Z',
        prompt: 'ticket-triage',
        version: '3',
        variables: { input: 'app crashes on login' },
        reason: 'escalated',
      },
    ]);
  } finally {
    server.close();
  }
});
