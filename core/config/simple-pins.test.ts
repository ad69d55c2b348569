import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseEnvironment } from './parse.ts';
import { simplePinOf, simplePins } from './simple-pins.ts';

test('the simple pin form reads like the full parser; anything else falls back (null)', () => {
  const text = '# pins\nprompts:\n  ticket-triage: 3\n  summarizer: v1.2\n  x.y_z: main\n';
  assert.deepEqual(simplePins(text), parseEnvironment(text, 'e.yaml').prompts);
  for (const other of [
    'prompts: {a: 1}\n',
    'prompts:\n  a: 1 # comment\n',
    'prompts:\n  a: "1"\n',
    'prompts:\n  a: 1\n  a: 2\n',
    'prompts:\n  a: 0\n',
    'other: 1\n',
    'prompts:\n    a: 1\n',
  ]) {
    assert.equal(simplePins(other), null, other);
  }
});

test('property: whenever the simple form answers, the validating parser agrees', () => {
  const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,8}$/);
  const value = fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.stringMatching(/^[A-Za-z][\w./-]{0,8}$/));
  fc.assert(
    fc.property(fc.dictionary(name, value, { minKeys: 1, maxKeys: 8 }), (pins) => {
      const text = `prompts:\n${Object.entries(pins)
        .map(([k, v]) => `  ${k}: ${v}`)
        .join('\n')}\n`;
      const fast = simplePins(text);
      if (fast === null) return;
      assert.deepEqual(fast, parseEnvironment(text, 'e.yaml').prompts);
    }),
  );
});

test('one pin of an accepted text, from its string or its bytes; a prefix or a comment is no pin', () => {
  const text = '# prompts:\n#  a: 9\nprompts:\n  ab: 2\n  a: 1\n  b: main\n  c: 3';
  assert.ok(simplePins(text));
  for (const source of [text, Buffer.from(text)]) {
    assert.equal(simplePinOf(source, 'a'), 1);
    assert.equal(simplePinOf(source, 'ab'), 2);
    assert.equal(simplePinOf(source, 'b'), 'main');
    assert.equal(simplePinOf(source, 'c'), 3, 'the last line has no newline');
    for (const none of ['', 'x', 'a\n  b', 'prompts'])
      assert.equal(simplePinOf(source, none), undefined, none);
  }
});
