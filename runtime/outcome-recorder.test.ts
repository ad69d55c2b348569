import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Gauge, Registry } from 'prom-client';
import { OUTCOME_METRICS } from '../core/gate/outcome-metrics.ts';
import { createOutcomeRecorder } from './outcome-recorder.ts';

/** `name{labels} value` lines of the text exposition, as a map. */
async function exposition(registry: Registry): Promise<Map<string, number>> {
  const text = await registry.metrics();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

test('outcomes become counters from which count, sum and sum of squares are recovered exactly', async () => {
  const registry = new Registry();
  const canary = createOutcomeRecorder({ registry, variant: 'canary' });
  const latencies = [120, 80, 300];
  const costs = [0.002, 0.001, 0.004];
  latencies.forEach((latencyMs, i) => {
    canary.record({
      prompt: 'triage',
      version: 4,
      success: i !== 1,
      latencyMs,
      costUsd: costs[i] as number,
      ...(i === 2 ? {} : { rating: i + 3 }),
    });
  });
  const m = await exposition(registry);
  const at = (metric: string) => m.get(`${metric}{prompt="triage",version="4",variant="canary"}`);
  assert.equal(at(OUTCOME_METRICS.requests), 3);
  assert.equal(at(OUTCOME_METRICS.success), 2);
  assert.ok(Math.abs((at(OUTCOME_METRICS.latencySum) as number) - 0.5) < 1e-12);
  assert.ok(
    Math.abs((at(OUTCOME_METRICS.latencySumSquares) as number) - (0.12 ** 2 + 0.08 ** 2 + 0.3 ** 2)) < 1e-12,
  );
  assert.ok(Math.abs((at(OUTCOME_METRICS.costSum) as number) - 0.007) < 1e-12);
  assert.ok(Math.abs((at(OUTCOME_METRICS.costSumSquares) as number) - (4e-6 + 1e-6 + 16e-6)) < 1e-15);
  assert.equal(at(OUTCOME_METRICS.ratingCount), 2);
  assert.equal(at(OUTCOME_METRICS.ratingSum), 3 + 4);
  assert.equal(at(OUTCOME_METRICS.ratingSumSquares), 9 + 16);
  assert.match(await registry.metrics(), /# TYPE evohub_outcome_latency_seconds_sum_squares counter/);
});

test('two variants share one registry; a function variant is asked on every record', async () => {
  const registry = new Registry();
  const stable = createOutcomeRecorder({ registry, variant: 'stable' });
  let current = 'canary';
  const moving = createOutcomeRecorder({ registry, variant: () => current });
  const o = { prompt: 'p', version: '1', success: true, latencyMs: 10, costUsd: 0 };
  stable.record(o);
  moving.record(o);
  current = 'stable';
  moving.record(o);
  const m = await exposition(registry);
  assert.equal(m.get(`${OUTCOME_METRICS.requests}{prompt="p",version="1",variant="stable"}`), 2);
  assert.equal(m.get(`${OUTCOME_METRICS.requests}{prompt="p",version="1",variant="canary"}`), 1);
});

test('bad outcomes are refused with the field named, and a clashing metric is reported', () => {
  const registry = new Registry();
  const r = createOutcomeRecorder({ registry, variant: 'stable' });
  const ok = { prompt: 'p', version: 1, success: true, latencyMs: 1, costUsd: 0 };
  assert.throws(() => r.record({ ...ok, latencyMs: -1 }), /outcome\.latencyMs/);
  assert.throws(() => r.record({ ...ok, costUsd: Number.NaN }), /outcome\.costUsd/);
  assert.throws(() => r.record({ ...ok, rating: -2 }), /outcome\.rating/);
  assert.throws(() => r.record({ ...ok, prompt: '' }), /outcome\.prompt/);
  assert.throws(() => createOutcomeRecorder({ registry, variant: '' }), /variant/);
  const clashing = new Registry();
  new Gauge({ name: OUTCOME_METRICS.requests, help: 'something else', registers: [clashing] });
  assert.throws(() => createOutcomeRecorder({ registry: clashing, variant: 'stable' }), /not as a counter/);
});
