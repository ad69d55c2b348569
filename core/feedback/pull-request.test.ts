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

test('thousands of cases still make a body GitHub accepts (under 65,536 characters)', () => {
  const ids = Array.from(
    { length: 5000 },
    (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  const plan: FeedbackPlan = {
    additions: [
      {
        prompt: 'triage',
        dataset: 'datasets/triage.jsonl',
        caseIds: ids,
        rows: ids.map((id) => ({
          input: `${id} ${'word '.repeat(60)}`,
          feedback: { reason: 'thumbs-down' },
        })),
      },
    ],
    skipped: ids.map((id) => ({ id, prompt: 'triage', reason: 'near duplicate of row 1 (similarity 0.95)' })),
  };
  const body = feedbackBody(plan, 'file feedback.jsonl');
  assert.ok(body.length < 65_536, String(body.length));
  assert.match(body, /… and 4850 more row\(s\): see the diff\./);
  assert.match(body, /<summary>5000 case\(s\) skipped<\/summary>[\s\S]*- … and 4900 more/);
});
