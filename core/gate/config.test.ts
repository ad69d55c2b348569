import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem, type ValidationError } from '../errors.ts';
import { durationSeconds, parseGateConfig, withCanaryWeight } from './config.ts';
import { planGateQuery } from './plan.ts';

const minimal = 'prompt: triage\nprimary: { metric: success }\n';

test('a minimal config gets every default', () => {
  const c = parseGateConfig(minimal, 'gate.yaml');
  assert.equal(c.window, '30m');
  assert.equal(c.windowSeconds, 1800);
  assert.deepEqual(c.variants, [
    { name: 'stable', weight: 1 },
    { name: 'canary', weight: 1 },
  ]);
  assert.equal(c.minSamples, 200);
  assert.equal(c.alpha, 0.05);
  assert.equal(c.sequentialTuning, 5000);
  assert.equal(c.srmThreshold, 0.001);
  assert.deepEqual(c.guardrails, []);
  assert.deepEqual(c.selector, {});
});

function problemsOf(text: string): string[] {
  try {
    parseGateConfig(text, 'gate.yaml');
  } catch (e) {
    return (e as ValidationError).problems.map(formatProblem);
  }
  assert.fail('expected a ValidationError');
}

test('schema violations are reported together, each with line and column', () => {
  const problems = problemsOf(
    [
      'prompt: triage',
      'window: 30 minutes',
      'primary: { metric: succes }',
      'guardrails:',
      '  - { metric: latency, margin: -1 }',
      'tresholds: 3',
    ].join('\n'),
  );
  assert.equal(problems.length, 4, problems.join('\n'));
  assert.match(problems[0] ?? '', /^gate\.yaml:2:9: .*window/);
  assert.match(problems[1] ?? '', /^gate\.yaml:3:20: .*(success|error_rate)/);
  assert.match(problems[2] ?? '', /^gate\.yaml:5:32: .*margin/);
  assert.match(problems[3] ?? '', /^gate\.yaml:6:1: .*tresholds/);
});

test('YAML syntax errors and semantic problems are located too', () => {
  assert.match(problemsOf('prompt: [unclosed\n')[0] ?? '', /^gate\.yaml:\d+:\d+: YAML syntax error/);
  const semantic = problemsOf(
    [
      'prompt: triage',
      'variants: [{ name: a }, { name: a }]',
      'primary: { metric: latency }',
      'guardrails:',
      '  - { metric: latency, margin: 0.1 }',
    ].join('\n'),
  );
  assert.equal(semantic.length, 2, semantic.join('\n'));
  assert.match(semantic[0] ?? '', /^gate\.yaml:2:\d+: the canary and stable variants need different names/);
  assert.match(semantic[1] ?? '', /^gate\.yaml:5:\d+: metric latency is already tested/);
  assert.match(problemsOf('primary: { metric: success }\n')[0] ?? '', /prompt/);
});

test('durations and --canary-weight', () => {
  assert.equal(durationSeconds('45s'), 45);
  assert.equal(durationSeconds('2h'), 7200);
  assert.equal(durationSeconds('1d'), 86400);
  assert.equal(durationSeconds('0m'), null);
  assert.equal(durationSeconds('5 m'), null);
  const c = withCanaryWeight(parseGateConfig(minimal, 'gate.yaml'), '10');
  assert.deepEqual(
    c.variants.map((v) => v.weight),
    [90, 10],
  );
  assert.throws(() => withCanaryWeight(c, '100'), /--canary-weight 100 must be a percentage/);
  assert.throws(() => withCanaryWeight(c, ''), /--canary-weight/);
});

test('the query plan: one range selector for every counter, label values escaped, window plus lookback', () => {
  const c = parseGateConfig(
    'prompt: \'say "hi"\'\nwindow: 10m\nselector: { namespace: prod }\nprimary: { metric: success }\n',
    'gate.yaml',
  );
  const plan = planGateQuery(c, 1_000_000.1234);
  assert.equal(plan.time, 1_000_000.123);
  assert.equal(plan.windowStart, 1_000_000.123 - 600);
  assert.match(plan.query, /^\{__name__=~"evohub_outcome_requests_total\|evohub_outcome_success_total\|/);
  assert.match(plan.query, /,prompt="say \\"hi\\"",variant=~"stable\|canary",namespace="prod"\}\[900s\]$/);
});

test('the schema lists exactly the metrics of the gate-metric registry', async () => {
  const { default: schema } = await import('../../schemas/gate-config.schema.json', {
    with: { type: 'json' },
  });
  const { GATE_METRICS, gateMetric } = await import('./gate-metrics.ts');
  assert.deepEqual([...schema.$defs.metricName.enum].sort(), Object.keys(GATE_METRICS).sort());
  assert.throws(
    () => gateMetric('speed'),
    (e: Error & { hint?: string }) => {
      assert.match(e.message, /unknown gate metric speed/);
      assert.match(e.hint ?? '', /success, error_rate, latency, cost, rating/);
      return true;
    },
  );
});
