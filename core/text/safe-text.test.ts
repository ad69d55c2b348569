import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasControlCharacters, safeText } from './safe-text.ts';

const attack = '\x1b]0;PWNED\x07\x1b[2J';

test('ANSI and OSC sequences, C0, DEL and C1 controls print as visible escapes', () => {
  assert.equal(safeText(attack), '\\x1b]0;PWNED\\x07\\x1b[2J');
  assert.equal(safeText('a\rb\x00c\x7fd\x9be'), 'a\\rb\\x00c\\u007fd\\u009be');
  assert.equal(safeText('ok\u202eevil\u2066'), 'ok\\u202eevil\\u2066');
  assert.ok(!hasControlCharacters(safeText(attack)));
  assert.ok(hasControlCharacters(attack));
  assert.ok(hasControlCharacters(attack), 'the same answer twice (no regex state)');
});

test('printed JSON stays valid and decodes to the same strings', () => {
  const value = { cell: `${attack}\x7f\x9b\u202e\u2028 ok` };
  assert.deepEqual(JSON.parse(safeText(JSON.stringify(value))), value);
  assert.ok(!hasControlCharacters(safeText(JSON.stringify(value))));
});

test('newlines and tabs stay, except on a single line; ordinary Unicode is untouched', () => {
  assert.equal(safeText('a\n\tb'), 'a\n\tb');
  assert.equal(safeText('a\r\nb\rc'), 'a\r\nb\\rc', 'CRLF stays; a lone CR (overwriting the line) does not');
  assert.equal(safeText('a\n\tb', { singleLine: true }), 'a\\n\\tb');
  assert.equal(safeText('héllo — 日本 😀 |'), 'héllo — 日本 😀 |');
});
