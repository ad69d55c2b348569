/** The feedback pull request's text: production text in it can neither drive a terminal nor break the table. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { feedbackBody, feedbackTitle } from './pull-request.ts';
import type { FeedbackPlan } from './rows-plan.ts';

const ATTACK = '\x1b]0;PWNED\x07\x1b[2J';
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

test('escape sequences, pipes and line breaks from production are shown inertly in the body and title', () => {
  const plan: FeedbackPlan = {
    additions: [
      {
        prompt: 'triage',
        dataset: 'datasets/triage.jsonl',
        caseIds: [`c1${ATTACK}`],
        rows: [{ input: `a | b\nc ${ATTACK} ${'x'.repeat(200)}`, feedback: { reason: `bad${ATTACK}` } }],
      },
    ],
    skipped: [{ id: `c2${ATTACK}`, prompt: `p${ATTACK}`, reason: 'no such prompt' }],
  };
  const body = feedbackBody(plan, 'file feedback.jsonl');
  assert.doesNotMatch(body, RAW);
  assert.doesNotMatch(feedbackTitle(plan), RAW);
  const row = body.split('\n').find((l) => l.startsWith('| datasets/triage.jsonl'));
  assert.ok(row);
  assert.match(row, /\| c1\\x1b\]0;PWNED\\x07\\x1b\[2J \| bad\\x1b/);
  assert.match(row, /input: a \\\| b c \\x1b/);
  assert.match(row, /x… \|$/, 'a long input is cut in the table');
  assert.match(body, /- c2\\x1b\]0;PWNED\\x07\\x1b\[2J \(p\\x1b/);
});
