import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeExperiment } from '../stats/index.ts';
import { type GateConfig, parseGateConfig } from './config.ts';
import { buildGateAbInput, decideGate, type GateResult } from './decide.ts';
import type { CounterSums } from './gate-metrics.ts';

const config: GateConfig = parseGateConfig(
  [
    'prompt: triage',
    'minSamples: 500',
    'primary: { metric: success }',
    'guardrails:',
    '  - { metric: latency, margin: 0.1 }',
    '  - { metric: error_rate, margin: 0.5 }',
  ].join('\n'),
  'gate.yaml',
);

/** Sums of n outcomes with a success rate and a latency mean (sd = 20 % of the mean). */
function sums(n: number, successRate: number, latency: number): CounterSums {
  const sd = 0.2 * latency;
  return {
    requests: n,
    success: Math.round(n * successRate),
    latencySum: n * latency,
    latencySumSquares: n * (latency * latency + sd * sd),
    costSum: n * 0.002,
    costSumSquares: n * (0.002 ** 2 + 0.0002 ** 2),
    ratingCount: 0,
    ratingSum: 0,
    ratingSumSquares: 0,
  };
}

function decide(stable: CounterSums, canary: CounterSums, c = config): GateResult {
  const report = analyzeExperiment(buildGateAbInput(c, { stable, canary }));
  return decideGate(c, report, { evaluatedAt: '2026-01-01T00:00:00.000Z', window: c.window });
}

test('the A/B document: stable first, sequential, relative, weights and stats from the counters', () => {
  const input = buildGateAbInput(config, { stable: sums(1000, 0.8, 0.4), canary: sums(1000, 0.9, 0.4) });
  assert.deepEqual(input.variants, [
    { name: 'stable', users: 1000, weight: 1 },
    { name: 'canary', users: 1000, weight: 1 },
  ]);
  assert.equal(input.settings?.method, 'sequential');
  assert.equal(input.settings?.difference, 'relative');
  assert.deepEqual(
    input.metrics.map((m) => [m.name, m.type, m.direction, m.primary ?? false, m.guardrail?.margin]),
    [
      ['success', 'proportion', 'higher', true, undefined],
      ['latency', 'mean', 'lower', false, 0.1],
      ['error_rate', 'proportion', 'lower', false, 0.5],
    ],
  );
  assert.deepEqual(input.metrics[2]?.stats.canary, { n: 1000, sum: 100 });
});

test('a truly better canary within its guardrails is promoted', () => {
  const r = decide(sums(4000, 0.8, 0.4), sums(4000, 0.88, 0.4));
  assert.equal(r.decision, 'promote', r.reason);
  assert.equal(r.primary?.outcome, 'better');
  assert.ok(Math.abs((r.primary?.estimate ?? 0) - 0.1) < 1e-9, 'relative lift 0.88 / 0.8 - 1');
  assert.deepEqual(
    r.checks.map((c) => [c.name, c.status]),
    [
      ['srm', 'pass'],
      ['min-samples', 'pass'],
      ['primary:success', 'pass'],
      ['guardrail:latency', 'pass'],
      ['guardrail:error_rate', 'pass'],
    ],
  );
});

test('a truly worse canary is rolled back', () => {
  const r = decide(sums(4000, 0.8, 0.4), sums(4000, 0.72, 0.4));
  assert.equal(r.decision, 'rollback');
  assert.match(r.reason, /significantly worse/);
});

test('a guardrail beyond its margin rolls back even when the primary metric is better', () => {
  const r = decide(sums(4000, 0.8, 0.4), sums(4000, 0.88, 0.6));
  assert.equal(r.decision, 'rollback');
  assert.equal(r.guardrails.find((g) => g.metric === 'latency')?.verdict, 'fail');
  assert.match(r.reason, /guardrail latency/);
});

test('a sample ratio mismatch rolls back first, whatever the metrics say', () => {
  const r = decide(sums(5000, 0.8, 0.4), sums(4000, 0.95, 0.4));
  assert.equal(r.decision, 'rollback');
  assert.equal(r.srm.passed, false);
  assert.equal(r.checks.length, 1);
  // The same counts are fine when that split was expected.
  const declared = {
    ...config,
    variants: [config.variants[0], { ...config.variants[1], weight: 0.8 }],
  } as GateConfig;
  assert.equal(decide(sums(5000, 0.8, 0.4), sums(4000, 0.95, 0.4), declared).decision, 'promote');
});

test('too few outcomes continue, after the SRM check', () => {
  const r = decide(sums(300, 0.5, 0.4), sums(300, 0.99, 0.4));
  assert.equal(r.decision, 'continue');
  assert.match(r.reason, /not enough data yet: 300 outcomes/);
  assert.deepEqual(
    r.checks.map((c) => c.status),
    ['pass', 'pending'],
  );
});

test('no significant difference, or a metric without variance, continues', () => {
  assert.equal(decide(sums(4000, 0.8, 0.4), sums(4000, 0.8, 0.4)).decision, 'continue');
  const flat = decide(sums(4000, 1, 0.4), sums(4000, 1, 0.4));
  assert.equal(flat.decision, 'continue');
  assert.equal(flat.primary?.outcome, 'inconclusive');
});
