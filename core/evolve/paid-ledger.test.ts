import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ledgerTotals, parseLedgerLines } from './paid-ledger.ts';

test('ledger totals count each key once and skip a torn last line', () => {
  const text = `${JSON.stringify({ key: 'a', costUsd: 0.5 })}\n${JSON.stringify({ key: 'b', costUsd: 0.25 })}\n${JSON.stringify({ key: 'a', costUsd: 0.5 })}\n{"key":"c","cos`;
  const entries = parseLedgerLines(text);
  assert.equal(entries.length, 3);
  assert.deepEqual(ledgerTotals(entries), { calls: 2, costUsd: 0.75 });
});
