import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EvaluationRecord } from '../ports/results-store.ts';
import { BUILTIN_MEASURES, withBuiltinMeasures } from './metrics.ts';
import { pairedComparison, verdictOf } from './paired.ts';
import { planCases } from './plan.ts';
import { meanWithCi, normalQuantile, percentile, tQuantile } from './stats.ts';
import { summarizeRun } from './summary.ts';

const close = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('stats', () => {
  test('normal and t quantiles against published tables', () => {
    close(normalQuantile(0.975), 1.959963985, 1e-8);
    close(normalQuantile(0.01), -2.326347874, 1e-8);
    // Student t, 97.5% point (two-sided 95%): standard tables.
    for (const [df, t] of [
      [1, 12.7062],
      [2, 4.3027],
      [3, 3.1824],
      [5, 2.5706],
      [10, 2.2281],
      [30, 2.0423],
      [100, 1.984],
    ] as const) {
      close(tQuantile(0.975, df), t, 5e-4);
    }
  });
  test('mean with a 95% t-interval; percentiles interpolate', () => {
    const r = meanWithCi([1, 2, 3, 4, 5]);
    close(r.mean, 3, 1e-12);
    // sd = 1.5811, se = 0.7071, t(4) = 2.7764 → half-width 1.9632
    close(r.ci.high - 3, 1.9632, 1e-3);
    assert.ok(Number.isNaN(meanWithCi([1]).ci.low));
    assert.equal(percentile([10, 20, 30, 40], 50), 25);
    assert.equal(percentile([5], 95), 5);
  });
});

describe('plan', () => {
  const rows = Array.from({ length: 20 }, (_, i) => (i === 3 ? { id: 'special', x: i } : { x: i }));
  test('a sample is deterministic for a seed, kept in dataset order, and varies with the seed', () => {
    const a = planCases(rows, { sample: 5, seed: 1 }).map((c) => c.caseIndex);
    assert.deepEqual(
      planCases(rows, { sample: 5, seed: 1 }).map((c) => c.caseIndex),
      a,
    );
    assert.deepEqual(
      [...a].sort((x, y) => x - y),
      a,
    );
    assert.equal(new Set(a).size, 5);
    assert.notDeepEqual(
      planCases(rows, { sample: 5, seed: 2 }).map((c) => c.caseIndex),
      a,
    );
  });
  test('repeats get distinct seeds; ids come from the row when present', () => {
    const p = planCases(rows.slice(0, 4), { repeat: 3, seed: 10 });
    assert.equal(p.length, 12);
    assert.deepEqual(
      p.slice(0, 3).map((c) => [c.caseId, c.repeat, c.seed]),
      [
        ['0', 0, 10],
        ['0', 1, 11],
        ['0', 2, 12],
      ],
    );
    assert.equal(p[9]?.caseId, 'special');
  });
});

function rec(
  caseId: string,
  metrics: Record<string, number>,
  over: Partial<EvaluationRecord> = {},
): EvaluationRecord {
  return {
    runId: 'r',
    seq: 0,
    promptHash: 'h',
    caseId,
    caseIndex: Number(caseId),
    repeat: 0,
    output: '',
    metrics,
    passes: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, v >= 1])),
    latencyMs: 100,
    inputTokens: 10,
    outputTokens: 2,
    costUsd: 0.001,
    model: 'm',
    cached: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

describe('summary', () => {
  test('per-metric mean, Wilson interval for scores, pass rate; cost, latency, tokens, cache', () => {
    const evals = [
      rec('0', { acc: 1 }),
      rec('1', { acc: 0 }, { cached: true, latencyMs: 300 }),
      rec('2', { acc: 1 }),
      rec('3', { acc: 1 }, { error: 'boom', metrics: {} }),
    ];
    const s = summarizeRun(
      evals,
      withBuiltinMeasures([{ name: 'acc', kind: 'string', direction: 'maximize' }]),
    );
    const acc = s.metrics[0];
    assert.equal(acc?.cases, 3);
    close(acc?.mean ?? 0, 2 / 3, 1e-12);
    // Wilson for 2 of 3 (the t-interval was [-0.77, 2.10], clamped to a meaningless [0, 1]).
    close(acc?.ci.low ?? 0, 0.2077, 1e-4);
    close(acc?.ci.high ?? 0, 0.9385, 1e-4);
    close(acc?.passRate ?? 0, 2 / 3, 1e-12);
    close(acc?.passRateCi?.low ?? 0, 0.2077, 1e-4);
    assert.equal(s.errors, 1);
    assert.equal(s.cache.hits, 1);
    close(s.cost.totalUsd, 0.003, 1e-12);
    close(s.cost.spentUsd, 0.002, 1e-12); // the cached answer was free
    assert.equal(s.latencyMs.p50, 100);
    assert.equal(s.tokens.total, 36);
    assert.deepEqual(
      s.metrics.map((m) => m.name),
      ['acc', ...BUILTIN_MEASURES.map((b) => b.name)],
    );
  });
  test('with repeats, cases are averaged first and the spread per case is reported', () => {
    const evals = [
      rec('0', { acc: 1 }),
      rec('0', { acc: 0 }, { repeat: 1 }),
      rec('1', { acc: 1 }),
      rec('1', { acc: 1 }, { repeat: 1 }),
    ];
    const s = summarizeRun(evals, [{ name: 'acc', kind: 'string', direction: 'maximize' }]);
    assert.equal(s.repeats, 2);
    assert.equal(s.metrics[0]?.cases, 2);
    close(s.metrics[0]?.mean ?? 0, 0.75, 1e-12);
    const per = s.metrics[0]?.spread?.perCase ?? [];
    close(per.find((c) => c.caseId === '0')?.sd ?? 0, Math.SQRT1_2, 1e-12);
    assert.equal(per.find((c) => c.caseId === '1')?.sd, 0);
  });
});

describe('paired comparison', () => {
  const metrics = [{ name: 'acc', kind: 'string', direction: 'maximize' as const }, ...BUILTIN_MEASURES];
  test('a clearly better candidate on the same cases is "better"; latency lower is better', () => {
    const base = Array.from({ length: 20 }, (_, i) =>
      rec(String(i), { acc: i % 4 === 0 ? 1 : 0 }, { latencyMs: 200 + i }),
    );
    const cand = Array.from({ length: 20 }, (_, i) =>
      rec(String(i), { acc: i % 10 === 0 ? 0 : 1 }, { latencyMs: 100 + i }),
    );
    const [acc, , latency] = pairedComparison(base, cand, metrics);
    assert.equal(acc?.pairs, 20);
    close(acc?.difference ?? 0, 0.9 - 0.25, 1e-12);
    assert.ok((acc?.ci.low ?? 0) > 0);
    assert.equal(acc?.verdict, 'better');
    assert.equal(latency?.verdict, 'better');
    assert.equal(pairedComparison(cand, base, metrics)[0]?.verdict, 'worse');
  });
  test('only cases on both sides are paired; noise is no significant difference', () => {
    const base = [rec('0', { acc: 1 }), rec('1', { acc: 0 }), rec('2', { acc: 1 }), rec('9', { acc: 0 })];
    const cand = [rec('0', { acc: 0 }), rec('1', { acc: 1 }), rec('2', { acc: 1 })];
    const [acc] = pairedComparison(base, cand, metrics);
    assert.equal(acc?.pairs, 3);
    assert.equal(acc?.verdict, 'no significant difference');
  });
  test('verdict rules', () => {
    assert.equal(verdictOf({ low: 0.1, high: 0.2 }, 1, 'maximize'), 'no significant difference');
    assert.equal(verdictOf({ low: 0.1, high: 0.2 }, 5, 'minimize'), 'worse');
    assert.equal(verdictOf({ low: -0.2, high: -0.1 }, 5, 'minimize'), 'better');
    assert.equal(verdictOf({ low: 0, high: 0 }, 5, 'maximize'), 'no significant difference');
  });
});
