import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EvaluationRecord } from '../ports/results-store.ts';
import { summarizeHeldOut } from './held-out.ts';

function rec(caseIndex: number, acc: number, latencyMs = 100): EvaluationRecord {
  return {
    runId: 'r',
    seq: caseIndex,
    promptHash: 'h',
    caseId: String(caseIndex),
    caseIndex,
    repeat: 0,
    output: '',
    metrics: { acc },
    passes: { acc: acc >= 1 },
    latencyMs,
    inputTokens: 1,
    outputTokens: 1,
    costUsd: 0.001,
    model: 'm',
    cached: false,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

const kindOf = (metric: string) => (metric === 'latency' ? 'builtin' : 'string');
const objectives = [
  { metric: 'acc', goal: 'maximize' as const },
  { metric: 'latency', goal: 'minimize' as const },
];

test('held-out intervals on small samples stay inside [0, 1] and are never zero-width at a perfect score', () => {
  // Baseline 2 of 13 (was shown as 0.154 [-0.073, 0.381]); winner 13 of 13 (was 1.000 [1.000, 1.000]).
  const baseline = Array.from({ length: 13 }, (_, i) => rec(i, i < 2 ? 1 : 0, 100 + i));
  const winner = Array.from({ length: 13 }, (_, i) => rec(i, 1, 90 + i));
  const r = summarizeHeldOut(baseline, winner, objectives, kindOf, { cases: 13, onSelection: false });
  const b = r.baseline.acc;
  const w = r.winner.acc;
  assert.ok(b && b.ci.low >= 0 && b.ci.low > 0.01 && b.ci.high < 0.5, JSON.stringify(b));
  assert.ok(w && w.ci.high === 1 && w.ci.low < 0.8, JSON.stringify(w));
  // The paired difference of 0/1 scores (Newcombe): inside [-1, 1], not a point at its mean.
  assert.ok(
    r.difference.ci.high <= 1 && r.difference.ci.low < r.difference.mean,
    JSON.stringify(r.difference),
  );
  assert.ok(r.difference.ci.low > 0, 'eleven of thirteen cases flipped to pass is still a clear improvement');
  // Latency is a built-in measure: a t-interval around its mean, in milliseconds.
  const lat = r.baseline.latency;
  assert.ok(lat && lat.ci.low > 100 && lat.ci.high < 113 && lat.ci.low < lat.mean, JSON.stringify(lat));
});
