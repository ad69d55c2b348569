/**
 * The gate on bad Prometheus data, through the real path (`evohub gate` and `gate serve` over HTTP): a local
 * server answers `/api/v1/query` like Prometheus with a matrix that a test can poison. Every case must end in
 * an error naming the series (exit 1, `decision: error`), never in a promotion.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { OUTCOME_METRICS, type OutcomeCounter } from '../../core/gate/outcome-metrics.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';
import { startServeFromFlags } from './serve-command.ts';

/** Per-variant totals after the window: a canary clearly better on success, equal elsewhere. */
const TOTALS: Record<'stable' | 'canary', Record<OutcomeCounter, number>> = {
  stable: {
    requests: 3000,
    success: 2400,
    latencySum: 1200,
    latencySumSquares: 510,
    costSum: 6,
    costSumSquares: 0.0123,
    ratingCount: 3000,
    ratingSum: 12000,
    ratingSumSquares: 49000,
  },
  canary: {
    requests: 3000,
    success: 2700,
    latencySum: 1200,
    latencySumSquares: 510,
    costSum: 6,
    costSumSquares: 0.0123,
    ratingCount: 3000,
    ratingSum: 12000,
    ratingSumSquares: 49000,
  },
};

type Poison = (series: { metric: unknown; values: unknown[] }[], time: number) => unknown[];

let server: Server;
let dir: string;
let poison: Poison = (s) => s;

/** Each series: 0 before the window, its total at the end (a series per counter and variant, one pod). */
function matrix(time: number) {
  const out: { metric: unknown; values: unknown[] }[] = [];
  for (const variant of ['stable', 'canary'] as const) {
    for (const [key, name] of Object.entries(OUTCOME_METRICS) as [OutcomeCounter, string][]) {
      out.push({
        metric: { __name__: name, prompt: 'p', variant, instance: 'app:1' },
        values: [
          [time - 700, '0'],
          [time - 100, String(TOTALS[variant][key])],
        ],
      });
    }
  }
  return out;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evohub-gate-bad-'));
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const time = Number(url.searchParams.get('time'));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        status: 'success',
        data: { resultType: 'matrix', result: poison(matrix(time), time) },
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  await writeFile(
    join(dir, 'gate.yaml'),
    [
      `prometheus: http://127.0.0.1:${port}`,
      'window: 10m',
      'prompt: p',
      'minSamples: 500',
      'primary: { metric: success }',
      'guardrails:',
      '  - { metric: latency, margin: 0.1 }',
      '  - { metric: cost, margin: 0.1 }',
      '',
    ].join('\n'),
  );
});

after(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

async function gate() {
  const m = memoryContext(dir);
  const code = await runCli(['gate', '--config', 'gate.yaml', '--json'], m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

/** Sets the last sample of one series to `value`. */
function setLast(variant: string, name: string, value: string): Poison {
  return (series) =>
    series.map((s) => {
      const m = s.metric as Record<string, string>;
      if (m.variant !== variant || m.__name__ !== name) return s;
      return { ...s, values: [...s.values.slice(0, -1), [(s.values.at(-1) as [number])[0], value]] };
    });
}

test('clean data promotes the better canary (the baseline the other cases poison)', async () => {
  poison = (s) => s;
  const r = await gate();
  assert.equal(JSON.parse(r.out).decision, 'promote', r.out + r.err);
  assert.equal(r.code, 0);
});

for (const value of ['NaN', '-4000', '+Inf']) {
  test(`a canary latency sum of ${value} is an error naming the series, never a promotion`, async () => {
    poison = setLast('canary', OUTCOME_METRICS.latencySum, value);
    const r = await gate();
    assert.equal(r.code, 1);
    assert.equal(r.out, '', 'no decision is printed');
    assert.match(r.err, /evohub_outcome_latency_seconds_sum\{instance="app:1",prompt="p",variant="canary"\}/);
    assert.match(r.err, /not a counter value/);
    assert.doesNotMatch(r.err, /internal error/);

    const m = memoryContext(dir);
    const served = await startServeFromFlags(m.ctx, { config: 'gate.yaml', port: '0', host: '127.0.0.1' });
    try {
      const res = await fetch(`${served.url}/decision`);
      assert.equal(res.status, 503);
      const body = (await res.json()) as { decision: string; error: string };
      assert.equal(body.decision, 'error');
      assert.match(body.error, /evohub_outcome_latency_seconds_sum/);
    } finally {
      await served.close();
    }
  });
}

test('one counter falling alone is not a restart: an error naming both series', async () => {
  poison = (series) =>
    series.map((s) => {
      const m = s.metric as Record<string, string>;
      if (m.variant !== 'canary' || m.__name__ !== OUTCOME_METRICS.latencySum) return s;
      const [t0, t1] = s.values as [[number, string], [number, string]];
      // Up to 5000 in the window, then down to 1200: read as a reset it would add 1200 to a 5000 increase.
      return { ...s, values: [t0, [t1[0] - 50, '5000'], t1] };
    });
  const r = await gate();
  assert.equal(r.code, 1);
  assert.match(r.err, /evohub_outcome_latency_seconds_sum\{[^}]*canary[^}]*\} fell at/);
  assert.match(r.err, /counter reset without a process restart/);
});

test('inconsistent counters (more successes than requests) name the variant and the query', async () => {
  poison = setLast('canary', OUTCOME_METRICS.requests, '100');
  const r = await gate();
  assert.equal(r.code, 1);
  assert.match(r.err, /counters of variant canary are inconsistent: 2700 successes out of 100 requests/);
  assert.match(r.err, /query \{__name__=~/);
  assert.doesNotMatch(r.err, /<input>|conversions out of/);
});

test('a malformed series ("metric": null, values not pairs) is a one-line error naming query and series', async () => {
  poison = (series) => [...series.slice(0, 3), { metric: null, values: [[1, '2']] }, ...series.slice(3)];
  const nullMetric = await gate();
  assert.equal(nullMetric.code, 1);
  assert.doesNotMatch(nullMetric.err, /internal error|__name__'/);
  assert.match(nullMetric.err, /malformed matrix: result\[3\]\.metric must be an object of label strings/);
  assert.match(nullMetric.err, /query \{__name__=~/);
  assert.equal(nullMetric.err.trim().split('\n').length, 1);

  poison = (series) => series.map((s, i) => (i === 2 ? { ...s, values: [[1]] } : s));
  const shortPair = await gate();
  assert.equal(shortPair.code, 1);
  assert.match(
    shortPair.err,
    /result\[2\] \(evohub_outcome_latency_seconds_sum\{[^}]*stable[^}]*\}\)\.values\[0\]/,
  );
});
