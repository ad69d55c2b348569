import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OUTCOME_METRICS } from './outcome-metrics.ts';
import { exactIncrease, type PromSeries, sumsByVariant } from './samples.ts';

test('the increase after the window start is exact: baseline before, nothing extrapolated', () => {
  // Baseline 100 at t=10 (≤ start 15), then 130, 170: 70 outcomes in the window.
  assert.equal(
    exactIncrease(
      [
        [5, 90],
        [10, 100],
        [20, 130],
        [30, 170],
      ],
      15,
    ),
    70,
  );
});

test('a series born inside the window counts from zero', () => {
  assert.equal(
    exactIncrease(
      [
        [20, 40],
        [30, 55],
      ],
      15,
    ),
    55,
  );
});

test('a counter reset (process restart) counts from zero again, including one at the baseline', () => {
  // 100 → 130 (+30), restart → 10 (+10), → 25 (+15).
  assert.equal(
    exactIncrease(
      [
        [10, 100],
        [20, 130],
        [30, 10],
        [40, 25],
      ],
      15,
    ),
    55,
  );
  // Unsorted input is sorted first; samples all before the window add nothing.
  assert.equal(
    exactIncrease(
      [
        [12, 7],
        [3, 5],
      ],
      15,
    ),
    0,
  );
});

const series = (name: string, variant: string, values: [number, number][], pod = 'a'): PromSeries => ({
  metric: { __name__: name, prompt: 'p', variant, pod },
  values: values.map(([t, v]) => [t, String(v)]),
});

test('sums per variant add up pods and ignore other variants and unknown metrics', () => {
  const sums = sumsByVariant(
    [
      series(OUTCOME_METRICS.requests, 'stable', [
        [0, 10],
        [20, 30],
      ]),
      series(
        OUTCOME_METRICS.requests,
        'stable',
        [
          [18, 5],
          [25, 8],
        ],
        'b',
      ),
      series(OUTCOME_METRICS.requests, 'canary', [[20, 12]]),
      series(OUTCOME_METRICS.success, 'canary', [[20, 9]]),
      series(OUTCOME_METRICS.requests, 'shadow', [[20, 1000]]),
      series('something_else_total', 'canary', [[20, 1000]]),
    ],
    ['stable', 'canary'],
    15,
    'q',
  );
  assert.equal(sums.stable?.requests, 20 + 8);
  assert.equal(sums.canary?.requests, 12);
  assert.equal(sums.canary?.success, 9);
  assert.equal(sums.canary?.latencySum, 0);
});

test('a variant with no series at all is an error naming it and the query', () => {
  assert.throws(
    () =>
      sumsByVariant(
        [series(OUTCOME_METRICS.requests, 'stable', [[20, 3]])],
        ['stable', 'canary'],
        15,
        'the-query',
      ),
    (e: Error & { hint?: string }) => {
      assert.match(e.message, /no outcome samples for variant canary/);
      assert.match(e.hint ?? '', /the-query/);
      return true;
    },
  );
});

test('a restart resets every counter of the target together and is counted across; one counter alone is an error', () => {
  const pod = (requests: number[], success: number[]) => [
    series(
      OUTCOME_METRICS.requests,
      'canary',
      requests.map((v, i) => [20 + i * 10, v] as [number, number]),
    ),
    series(
      OUTCOME_METRICS.success,
      'canary',
      success.map((v, i) => [20 + i * 10, v] as [number, number]),
    ),
    series(OUTCOME_METRICS.requests, 'stable', [[20, 5]]),
  ];
  // Both fall at t=40 (100 → 10 and 80 → 8): +100 then +10 and +80 then +8; a counter at 0 may stay at 0.
  const sums = sumsByVariant(pod([50, 100, 10], [40, 80, 8]), ['stable', 'canary'], 15, 'q');
  assert.equal(sums.canary?.requests, 110);
  assert.equal(sums.canary?.success, 88);
  assert.equal(
    sumsByVariant(pod([50, 100, 10], [0, 0, 0]), ['stable', 'canary'], 15, 'q').canary?.requests,
    110,
  );
  // Only success falls: not a restart.
  assert.throws(
    () => sumsByVariant(pod([50, 100, 120], [40, 80, 8]), ['stable', 'canary'], 15, 'q'),
    /evohub_outcome_success_total\{pod="a",prompt="p",variant="canary"\} fell at 40 but evohub_outcome_requests_total\{[^}]*\} did not/,
  );
});

test('NaN, infinite, negative and empty samples are errors naming the series, never skipped', () => {
  for (const bad of ['NaN', '-Inf', '-1', '']) {
    const s: PromSeries = {
      metric: { __name__: OUTCOME_METRICS.requests, prompt: 'p', variant: 'canary' },
      values: [
        [20, '3'],
        [30, bad],
      ],
    };
    assert.throws(
      () =>
        sumsByVariant(
          [s, series(OUTCOME_METRICS.requests, 'stable', [[20, 3]])],
          ['stable', 'canary'],
          15,
          'q',
        ),
      (e: Error) => {
        assert.equal(e.name, 'GateDataError');
        assert.match(
          e.message,
          /evohub_outcome_requests_total\{prompt="p",variant="canary"\}: sample .* at 30/,
        );
        return true;
      },
      bad,
    );
  }
});
