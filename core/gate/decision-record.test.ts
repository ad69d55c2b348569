import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GateResult } from './decide.ts';
import { decisionRecord } from './decision-record.ts';

const result: GateResult = {
  decision: 'rollback',
  reason: 'success is worse',
  prompt: 'ticket-triage',
  window: '10m',
  evaluatedAt: '2026-01-01T00:00:00.000Z',
  variants: [
    { name: 'stable', role: 'stable', requests: 120, expectedShare: 0.5 },
    { name: 'canary', role: 'canary', requests: 118, expectedShare: 0.5 },
  ],
  srm: { pValue: 0.9, threshold: 0.001, passed: true },
  primary: {
    metric: 'success',
    direction: 'higher',
    stable: 0.9,
    canary: 0.7,
    estimate: -0.22,
    ci: [-0.3, Number.POSITIVE_INFINITY],
    pValue: 0.001,
    outcome: 'worse',
  },
  guardrails: [],
  checks: [],
};

test('a decision record keeps the decision, the requests per variant and a JSON-safe interval', () => {
  const r = decisionRecord(result, undefined);
  assert.equal(r.rollout, 'ticket-triage', 'the prompt names the rollout by default');
  assert.equal(r.decision, 'rollback');
  assert.deepEqual(r.requests, { stable: 120, canary: 118 });
  assert.deepEqual(r.primary?.ci, [-0.3, null]);
  assert.equal(decisionRecord(result, 'triage-rollout').rollout, 'triage-rollout');
  assert.equal(decisionRecord({ ...result, primary: undefined }, '').primary, null);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(r)));
});
