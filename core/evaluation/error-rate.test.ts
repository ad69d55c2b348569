import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digestErrors, errorRateFailure, formatErrorDigest, statusForErrors } from './error-rate.ts';

test('the digest keeps the first three distinct errors with counts, and the verdict follows the rate', () => {
  const recs = [
    { error: 'a\nstack' },
    {},
    { error: 'b' },
    { error: 'a' },
    { error: 'c' },
    { error: 'd' },
    {},
    {},
    {},
    {},
  ];
  const d = digestErrors(recs);
  assert.deepEqual(d.distinct, [
    { message: 'a', count: 2 },
    { message: 'b', count: 1 },
    { message: 'c', count: 1 },
  ]);
  assert.equal(d.moreKinds, 1);
  assert.equal(d.rate, 0.5);
  assert.equal(statusForErrors(d, 0.1), 'completed-with-errors');
  assert.equal(statusForErrors(d, 0.5), 'completed');
  assert.equal(statusForErrors(digestErrors([{ error: 'x' }, { error: 'y' }]), 1), 'failed');
  assert.equal(statusForErrors(digestErrors([]), 0), 'completed');
  assert.match(formatErrorDigest(d), /5 of 10 calls failed \(50%\)[\s\S]*2× a\n[\s\S]*1 other kinds/);
  assert.equal(errorRateFailure(d, 0.6), undefined);
  assert.equal(errorRateFailure(d, 0.1)?.exitCode, 1);
});
