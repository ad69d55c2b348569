import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlannedCase } from '../../core/evaluation/plan.ts';
import type { EvaluationRecord } from '../../core/ports/results-store.ts';
import { withPlanSeq } from './job.ts';

const planned = (caseIndex: number, repeat = 0): PlannedCase => ({
  caseIndex,
  caseId: `c${caseIndex}`,
  repeat,
  seed: repeat,
  row: { q: caseIndex },
});
const record = (c: PlannedCase, seq: number) =>
  ({ runId: 'r', seq, caseIndex: c.caseIndex, caseId: c.caseId, repeat: c.repeat }) as EvaluationRecord;

test('withPlanSeq: a record gets its case position in the plan, whatever order the worker finished in', () => {
  const cases = [planned(4), planned(4, 1), planned(7), planned(9)];
  // Completion order on the worker (seq 0..), and a budget stop that left case 7 out.
  const done = [
    record(cases[3] as PlannedCase, 0),
    record(cases[0] as PlannedCase, 1),
    record(cases[1] as PlannedCase, 2),
  ];
  assert.deepEqual(
    withPlanSeq({ cases, seqOffset: 50 }, done).map((r) => [r.caseIndex, r.repeat, r.seq]),
    [
      [9, 0, 53],
      [4, 0, 50],
      [4, 1, 51],
    ],
  );
  // An old job without an offset starts at 0.
  assert.deepEqual(
    withPlanSeq({ cases }, done).map((r) => r.seq),
    [3, 0, 1],
  );
});
