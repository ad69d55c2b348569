import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bootstrapDemos, mergeInstructions, mergePartner, perCaseFront } from './local-proposals.ts';
import type { ScoredVersion } from './loop-state.ts';
import { minibatch } from './minibatch.ts';

const v = (text: string, cases: number[]): ScoredVersion => ({
  text,
  sums: { acc: cases.reduce((a, b) => a + b, 0) },
  n: cases.length,
  errors: 0,
  failures: [],
  cases,
});

describe('merge (per-case Pareto) and bootstrapped few-shot', () => {
  const scored = {
    P: v('Label the ticket.\nAnswer with one word.', [1, 1, 0, 0, 1, 0]),
    Q: v('Label the ticket.\nbilling = refunds.', [0, 1, 1, 1, 0, 0]),
    R: v('Other text.', [0, 0, 0, 0, 0, 0]),
    S: v('Best on nothing new.', [1, 1, 0, 0, 0, 0]),
  };
  test('the per-case front holds the versions best on some case; the partner wins most cases the parent loses', () => {
    assert.deepEqual(perCaseFront(scored, 'maximize'), ['P', 'Q', 'S']);
    assert.equal(mergePartner('P', scored, 'maximize'), 'Q');
    assert.equal(mergePartner('R', scored, 'maximize'), 'P', 'P and Q each win 3: the tie goes to the hash');
    assert.equal(mergePartner('Q', { Q: scored.Q, R: scored.R }, 'maximize'), undefined);
  });
  test("merged text: the parent's sentences, then the partner's it lacks", () => {
    assert.equal(
      mergeInstructions(scored.P.text, scored.Q.text),
      'Label the ticket.\nAnswer with one word.\nbilling = refunds.',
    );
  });
  test('demonstrations: distinct expected answers first, cases the parent passed preferred, drawn by the nonce', () => {
    const expected = ['a', 'a', 'b', 'b', 'c', undefined];
    const parent = v('x', [1, 0, 0, 1, 0, 1]);
    const demos = bootstrapDemos(parent, expected, 3, 7);
    assert.deepEqual(demos.map((i) => expected[i]).sort(), ['a', 'b', 'c']);
    assert.ok(demos.includes(0) && demos.includes(3), 'passed cases of a and b');
    assert.deepEqual(bootstrapDemos(parent, expected, 3, 7), demos);
    assert.equal(bootstrapDemos(parent, expected, 5, 1).length, 5);
    assert.ok(!bootstrapDemos(parent, expected, 5, 1).includes(5), 'rows without an expected answer never');
  });
  test('a reflection minibatch: a few failures, different per nonce, the same again for the same nonce', () => {
    const items = Array.from({ length: 12 }, (_, i) => i);
    const a = minibatch(items, 1);
    assert.equal(a.length, 4);
    assert.deepEqual(minibatch(items, 1), a);
    assert.notDeepEqual(minibatch(items, 2), a);
    assert.deepEqual(minibatch([1, 2], 5), [1, 2]);
  });
});
