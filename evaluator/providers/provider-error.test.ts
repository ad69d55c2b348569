import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProviderError, redactSecrets } from './provider-error.ts';

test('redactSecrets removes the given secrets and anything key-shaped', () => {
  const text =
    'key sk-abcdefghijklmnop, header Bearer abc.def-ghi_jkl, x-api-key: zyxwvutsrq, custom hunter22';
  const out = redactSecrets(text, ['hunter22', undefined, 'ab']);
  assert.doesNotMatch(out, /sk-abcdef|abc\.def|zyxwvutsrq|hunter22/);
  assert.match(out, /Bearer \[redacted\]/);
  assert.match(out, /key \[redacted\]/);
});

test('retryable kinds', () => {
  const e = (kind: ConstructorParameters<typeof ProviderError>[1]['kind']) =>
    new ProviderError('x', { providerId: 'p/m', kind }).retryable;
  assert.deepEqual(
    (['rate-limit', 'server', 'network', 'timeout', 'malformed', 'client', 'other'] as const).map(e),
    [true, true, true, true, true, false, false],
  );
  const err = new ProviderError('p/m: HTTP 429', {
    providerId: 'p/m',
    kind: 'rate-limit',
    status: 429,
    retryAfterMs: 5,
  });
  assert.equal(err.code, 'PROVIDER');
  assert.equal(err.exitCode, 1);
  assert.equal(err.retryAfterMs, 5);
});
