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
