import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EvaluationRecord } from '../../core/ports/results-store.ts';
import { formatCaseTable, isFailed, truncate } from './case-table.ts';

const rec = (over: Partial<EvaluationRecord>): EvaluationRecord => ({
  runId: 'r',
  seq: 0,
  promptHash: 'h',
  caseId: 'c1',
  caseIndex: 0,
  repeat: 0,
  output: 'billing',
  metrics: { label: 1 },
  passes: { label: true },
  latencyMs: 12.4,
  inputTokens: 1,
  outputTokens: 1,
  costUsd: 0.00012,
  model: 'm',
  cached: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

test('truncate flattens whitespace to one line and marks the cut', () => {
  assert.equal(truncate('a\n\tb   c', 10), 'a b c');
  assert.equal(truncate('abcdefghij', 5), 'abcd…');
});

test('the case table: inputs without id, expected as JSON, errors in the output column, ✓/✗, repeats', () => {
  const rows = [
    rec({ vars: { id: 7, ticket: 'one\ntwo', meta: { plan: 'pro' } }, expected: 'billing' }),
    rec({ caseId: 'c2', repeat: 1, error: 'timeout', metrics: {}, passes: {}, costUsd: undefined }),
    rec({
      caseId: 'c3',
      output: 'bug',
      metrics: { label: 0 },
      passes: { label: false },
      expected: { l: 'x' },
    }),
  ];
  const lines = formatCaseTable(rows, { scorers: ['label'] })
    .trimEnd()
    .split('\n');
  assert.match(lines[0] as string, /^case +inputs +expected +output +label +latency +cost$/);
  assert.match(
    lines[1] as string,
    /^c1 +ticket=one two meta=\{"plan":"pro"\} +billing +billing +1 ✓ +12 ms +\$0\.0001$/,
  );
  assert.match(lines[2] as string, /^c2#1 +– +– +error: timeout +– +12 ms +–$/);
  assert.match(lines[3] as string, /^c3 +– +\{"l":"x"\} +bug +0 ✗/);
  assert.deepEqual(rows.map(isFailed), [false, true, true]);
});
