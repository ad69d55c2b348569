import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrl, urlWithoutCredentials } from './redact-url.ts';

test('credentials in either position are removed', () => {
  assert.equal(redactUrl('https://u:p@example.com/r.git'), 'https://example.com/r.git');
  assert.equal(redactUrl('https://ghp_secret@example.com/r.git'), 'https://example.com/r.git');
  assert.equal(redactUrl('redis://:hunter2@127.0.0.1:6379/0'), 'redis://127.0.0.1:6379/0');
});

test('an unparseable URL is not echoed', () => {
  assert.equal(redactUrl('not a url with secret'), '<invalid URL>');
  assert.equal(urlWithoutCredentials('::'), null);
});
