import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveProgress } from './live-progress.ts';

test('evolve --json-events lines fold into the progress record, per run; other lines are ignored', () => {
  const live = liveProgress();
  const at = '2026-01-01T00:00:00Z';
  const budget = { maxEvaluations: 100, maxUsd: 1 };
  live.line('not json');
  live.line(JSON.stringify({ type: 'evolve-started', runId: 'r1', prompt: 'p', generations: 3, at }));
  live.line(
    JSON.stringify({
      type: 'evaluations-progress',
      runId: 'r1',
      generation: 0,
      done: 4,
      planned: 10,
      paidCalls: 4,
      costUsd: 0.01,
      budget,
      at,
    }),
  );
  assert.deepEqual(live.read('r1'), {
    generation: 0,
    evaluations: 0,
    costUsd: 0.01,
    done: false,
    inGeneration: { done: 4, planned: 10 },
  });
  live.line(
    JSON.stringify({
      type: 'generation-finished',
      runId: 'r1',
      generation: 0,
      best: {},
      frontSize: 2,
      hypervolume: 0.1,
      evaluations: 12,
      optimizerCalls: 1,
      paidCalls: 12,
      saved: 0,
      costUsd: 0.02,
      at,
    }),
  );
  assert.deepEqual(live.read('r1'), {
    generation: 1,
    evaluations: 12,
    costUsd: 0.02,
    done: false,
    inGeneration: null,
  });
  live.line(
    JSON.stringify({ type: 'evolve-started', runId: 'r2', prompt: 'p', generations: 3, resumedAt: 2, at }),
  );
  assert.equal(live.read('r2')?.generation, 2, 'a resumed run starts after its checkpoint');
  assert.equal(live.read('r1')?.generation, 1);
  assert.equal(live.read('nope'), undefined);
});
