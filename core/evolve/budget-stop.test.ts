import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgetStopMessage } from './budget-stop.ts';
import { emptyCounters } from './loop-state.ts';

test('the stop message names the budget asked for, the paid calls and the held-out reservation', () => {
  const counters = { ...emptyCounters(), paidCalls: 2904, interruptedCalls: 58 };
  const m = budgetStopMessage(
    { budget: { maxEvaluations: 3000 } },
    counters,
    96,
    'evaluation budget of 2904 reached: 2904 evaluations spent or in flight',
  );
  assert.equal(
    m,
    'budget of 3000 calls reached: the search paid 2904 (58 of them in the interrupted generation) and 96 are reserved for the held-out report (baseline and winner on the held-out cases)',
  );
  assert.doesNotMatch(m, /budget of 2904/);
  assert.equal(
    budgetStopMessage(
      { budget: { maxUsd: 1 } },
      { ...counters, costUsd: 0.9 },
      96,
      'USD budget of $0.9 reached',
    ),
    'USD budget of $1 reached: the search paid 2904 calls ($0.9000) (58 of them in the interrupted generation) and $0.1000 (10%) is reserved for the held-out report',
  );
});
