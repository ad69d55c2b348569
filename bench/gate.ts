/**
 * Canary gate figures: outcome recording throughput (runtime SDK) and the time to turn a large Prometheus
 * answer into a decision (exact increases, A/B statistics, decision). Prints one JSON line.
 */
import { Registry } from 'prom-client';
import { parseGateConfig } from '../core/gate/config.ts';
import { buildGateAbInput, decideGate } from '../core/gate/decide.ts';
import { OUTCOME_METRICS } from '../core/gate/outcome-metrics.ts';
import { type PromSeries, sumsByVariant } from '../core/gate/samples.ts';
import { analyzeExperiment } from '../core/stats/index.ts';
import { createOutcomeRecorder } from '../runtime/outcome-recorder.ts';

const records = 200_000;
const registry = new Registry();
const recorder = createOutcomeRecorder({ registry, variant: 'canary' });
let t = performance.now();
for (let i = 0; i < records; i++) {
  recorder.record({
    prompt: 'p',
    version: 3,
    success: i % 7 !== 0,
    latencyMs: 100 + (i % 50),
    costUsd: 0.001,
    rating: i % 5,
  });
}
const recordNs = ((performance.now() - t) * 1e6) / records;
t = performance.now();
const exposition = await registry.metrics();
const exposeMs = performance.now() - t;

// 50 pods per variant × 9 counters, 35 minutes of 1 s samples (window 30m + 5m lookback).
const pods = 50;
const samples = 35 * 60;
const series: PromSeries[] = [];
for (const variant of ['stable', 'canary']) {
  for (let pod = 0; pod < pods; pod++) {
    for (const name of Object.values(OUTCOME_METRICS)) {
      const values: [number, string][] = [];
      for (let s = 0; s < samples; s++) values.push([s, String(s * 3)]);
      series.push({ metric: { __name__: name, prompt: 'p', variant, pod: String(pod) }, values });
    }
  }
}
const config = parseGateConfig(
  'prompt: p\nprimary: { metric: success }\nguardrails: [{ metric: latency, margin: 0.1 }, { metric: cost, margin: 0.1 }]\n',
  'gate.yaml',
);
t = performance.now();
const sums = sumsByVariant(series, ['stable', 'canary'], 300, 'q');
const sumsMs = performance.now() - t;
t = performance.now();
const result = decideGate(config, analyzeExperiment(buildGateAbInput(config, sums)), {
  evaluatedAt: new Date().toISOString(),
  window: '30m',
});
const decideMs = performance.now() - t;

console.log(
  JSON.stringify({
    bench: 'gate',
    recordNsPerOutcome: Math.round(recordNs),
    recordsPerSecond: Math.round(1e9 / recordNs),
    exposeMs: Number(exposeMs.toFixed(2)),
    exposeBytes: exposition.length,
    series: series.length,
    samples: series.length * samples,
    exactIncreaseMs: Number(sumsMs.toFixed(1)),
    statsAndDecisionMs: Number(decideMs.toFixed(2)),
    decision: result.decision,
  }),
);
