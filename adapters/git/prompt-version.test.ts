import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promptVersionOf } from './prompt-version.ts';

test('the version line, else the YAML parser (loaded on demand), else null', () => {
  assert.equal(promptVersionOf('name: x\nversion: 3\n'), 3);
  assert.equal(promptVersionOf("version: '7' # pinned\n"), 7);
  assert.equal(promptVersionOf('{name: x, version: 4}\n'), 4);
  assert.equal(promptVersionOf('{version: 1.5}\n'), null);
  assert.equal(promptVersionOf('a: [version\n'), null, 'invalid YAML has no version');
  assert.equal(promptVersionOf('name: x\n'), null);
});
