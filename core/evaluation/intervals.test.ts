import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newcombePairedInterval, wilsonInterval } from './intervals.ts';
import { estimateWithCi, pairedDifferenceWithCi, scaleOf } from './stats.ts';

const close = (actual: number, expected: number, digits = 4) =>
  assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} ≉ ${expected}`);

test('Wilson: the textbook values, never outside [0, 1], never zero-width at the edges', () => {
  // Newcombe (1998, proportions) example: 81/263 → 0.2553 to 0.3662.
  const w = wilsonInterval(81 / 263, 263);
  close(w.low, 0.2553);
  close(w.high, 0.3662);
  const perfect = wilsonInterval(1, 8);
  close(perfect.low, 0.6756, 3);
  assert.equal(perfect.high, 1);
  const none = wilsonInterval(0, 8);
  assert.equal(none.low, 0);
  close(none.high, 0.3244, 3);
});

test('Newcombe paired (method 10): the published example and bounds inside [-1, 1]', () => {
  // Newcombe (1998, paired) example: a=36, b=12, c=2, d=0 → θ = 0.2, method 10 gives 0.0569 to 0.3404.
  const pairs: [number, number][] = [
    ...Array.from({ length: 36 }, () => [1, 1] as [number, number]),
    ...Array.from({ length: 12 }, () => [1, 0] as [number, number]),
    ...Array.from({ length: 2 }, () => [0, 1] as [number, number]),
  ];
  const ci = newcombePairedInterval(pairs);
  close(ci.low, 0.0569, 3);
  close(ci.high, 0.3404, 3);
  // Every one of 3 cases flipped from fail to pass: a difference of 1, but 3 cases prove little.
  const small = newcombePairedInterval([
    [1, 0],
    [1, 0],
    [1, 0],
  ]);
  assert.ok(small.high <= 1 && small.low > 0 && small.low < 0.6, JSON.stringify(small));
});

test('small-sample scores: 2/13 and 8/8 get honest intervals inside [0, 1]', () => {
  const twoOf13 = estimateWithCi([1, 1, ...Array(11).fill(0)], 'unit');
  close(twoOf13.mean, 0.1538, 3);
  assert.ok(twoOf13.ci.low > 0 && twoOf13.ci.high < 0.5, JSON.stringify(twoOf13.ci));
  const eight = estimateWithCi(Array(8).fill(1), 'unit');
  assert.equal(eight.ci.high, 1);
  assert.ok(eight.ci.low < 0.7);
  // Built-in measures keep the t-interval, whatever their range.
  assert.equal(scaleOf('builtin', [0.001, 0.002]), 'unbounded');
  assert.equal(scaleOf('string', [0, 1, 0.5]), 'unit');
  assert.equal(scaleOf('llm', [1, 5]), 'unbounded');
  // All pairs equal on a unit score is not a zero-width (and so "significant") interval.
  const same = pairedDifferenceWithCi(
    Array.from({ length: 4 }, () => [1, 0] as [number, number]),
    'unit',
  );
  assert.equal(same.mean, 1);
  assert.ok(same.ci.low < 1 && same.ci.low > 0, JSON.stringify(same.ci));
});
