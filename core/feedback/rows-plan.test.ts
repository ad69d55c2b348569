import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeedbackCase } from './feedback-case.ts';
import { parseFeedbackCase } from './feedback-case.ts';
import { feedbackBody, feedbackTitle } from './pull-request.ts';
import { type PromptTarget, planFeedbackRows } from './rows-plan.ts';

const c = (id: string, input: string, extra: Partial<FeedbackCase> = {}): FeedbackCase => ({
  id,
  time: '2026-12-01T10:00:00Z',
  prompt: 'ticket-triage',
  version: '3',
  variables: { input },
  ...extra,
});

const targets = new Map<string, PromptTarget>([
  [
    'ticket-triage',
    {
      prompt: 'ticket-triage',
      dataset: 'datasets/ticket-triage.jsonl',
      existing: [
        {
          input: 'I was charged twice for my subscription this month, please refund one payment',
          expected: 'billing',
        },
        { input: 'x', feedback: { case: 'old-case' } },
      ],
    },
  ],
]);

test('new cases become rows; near duplicates of existing or planned rows, repeats and unknown prompts are skipped', () => {
  const plan = planFeedbackRows(
    [
      c('a', 'The app crashes when I open the export screen on Android', {
        expected: 'bug',
        reason: 'thumbs-down',
        output: 'billing',
      }),
      c('b', 'I was charged twice for my subscription this month, please refund one payment!'),
      c('c', 'the app crashes when I open the export screen on android.'),
      c('a', 'repeat of a'),
      c('old-case', 'something new entirely'),
      c('d', 'hello', { prompt: 'nope' }),
      c('e', 'How do I add a second user to my team account?'),
    ],
    targets,
    0.9,
  );
  assert.equal(plan.additions.length, 1);
  const add = plan.additions[0];
  assert.deepEqual(add?.caseIds, ['a', 'e']);
  assert.deepEqual(add?.rows[0], {
    input: 'The app crashes when I open the export screen on Android',
    expected: 'bug',
    feedback: {
      case: 'a',
      time: '2026-12-01T10:00:00Z',
      version: '3',
      reason: 'thumbs-down',
      output: 'billing',
    },
  });
  assert.deepEqual(
    plan.skipped.map((s) => [s.id, s.reason.split(' (')[0]]),
    [
      ['b', 'near duplicate of row 1'],
      ['c', 'near duplicate of case a'],
      ['old-case', 'already in the dataset'],
      ['d', 'no such prompt'],
    ],
  );
  assert.match(feedbackTitle(plan), /2 test cases from production feedback \(ticket-triage\)/);
  const body = feedbackBody(plan, 'file .evohub/feedback.jsonl');
  assert.match(body, /\| datasets\/ticket-triage\.jsonl \| a \| thumbs-down \| input: The app crashes/);
  assert.match(body, /4 case\(s\) skipped/);
});

test('parseFeedbackCase names the line and field of a bad case', () => {
  assert.throws(
    () =>
      parseFeedbackCase(
        { id: 'x', time: 'yesterday', prompt: 'p', version: 1, variables: {} },
        { file: 'f.jsonl', line: 7 },
      ),
    (e: Error & { userMessage?: () => string }) =>
      /f\.jsonl:7: time must be an ISO/.test(e.userMessage?.() ?? ''),
  );
  assert.equal(
    parseFeedbackCase(
      { id: 'x', time: '2026-01-01T00:00:00Z', prompt: 'p', version: 1, variables: { a: 1 } },
      { file: 'f' },
    ).version,
    '1',
  );
});

test('a case waiting on an unmerged feedback branch is not proposed again', () => {
  const plan = planFeedbackRows(
    [c('p1', 'The export screen crashes on Android'), c('p2', 'How do I rename my team?')],
    targets,
    0.9,
    new Map([['p1', 'evohub/feedback/20261201T100000']]),
  );
  assert.deepEqual(plan.skipped, [
    { id: 'p1', prompt: 'ticket-triage', reason: 'already proposed on evohub/feedback/20261201T100000' },
  ]);
  assert.deepEqual(plan.additions[0]?.caseIds, ['p2']);
});
