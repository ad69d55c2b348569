import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import { redisProgressWriter } from '../../adapters/redis/progress-writer.ts';
import type { GenerationProgress } from '../../core/events.ts';
import { progressKey } from '../../core/operator/names.ts';
import { progressOfGeneration } from '../../core/operator/progress.ts';
import { deleteKeys } from '../../evaluator/redis/connection.ts';
import { pullRequestRequest } from './pull-request.ts';

const generation: GenerationProgress = {
  generation: 1,
  best: { 'exact-label': 0.7, cost: 0.0002 },
  frontSize: 2,
  hypervolume: 0.6,
  evaluations: 208,
  optimizerCalls: 7,
  paidCalls: 215,
  saved: 42,
  costUsd: 0.012412345678,
};

test('a generation event becomes the progress record the operator reads', () => {
  assert.deepEqual(progressOfGeneration(generation, 'exact-label'), {
    generation: 2, // events count from 0, the record counts finished generations
    evaluations: 208,
    costUsd: 0.012412,
    bestFitness: 0.7,
    done: false,
  });
  // An objective with no value yet (or none at all) leaves bestFitness out rather than writing null.
  assert.equal('bestFitness' in progressOfGeneration(generation, 'latency'), false);
  assert.equal('bestFitness' in progressOfGeneration(generation, undefined), false);
});

const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const prefix = `evohub-test-progress-${randomUUID().slice(0, 8)}`;
after(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

test('the writer keeps the record as JSON under <prefix>:progress', async () => {
  const w = redisProgressWriter(redis, prefix);
  assert.equal(await w.last(), undefined);
  await w.write({ generation: 1, evaluations: 3, costUsd: 0.1, done: false });
  assert.deepEqual(JSON.parse((await redis.get(progressKey(prefix))) ?? ''), {
    generation: 1,
    evaluations: 3,
    costUsd: 0.1,
    done: false,
  });
  assert.equal((await w.last())?.generation, 1);
  await redis.set(progressKey(prefix), 'not json');
  assert.equal(await w.last(), undefined);
});

test('EVOHUB_PULL_REQUEST asks for a pull request only when it is true', () => {
  assert.equal(pullRequestRequest({}), null);
  assert.equal(pullRequestRequest({ EVOHUB_PULL_REQUEST: 'false' }), null);
  assert.deepEqual(pullRequestRequest({ EVOHUB_PULL_REQUEST: 'true' }), {});
  assert.deepEqual(pullRequestRequest({ EVOHUB_PULL_REQUEST: 'TRUE', EVOHUB_PULL_REQUEST_BASE: 'release' }), {
    base: 'release',
  });
});

test("an EvolutionRun's labels and reviewers reach propose as lists", () => {
  assert.deepEqual(
    pullRequestRequest({
      EVOHUB_PULL_REQUEST: 'true',
      EVOHUB_PULL_REQUEST_LABELS: 'evohub, prompts,',
      EVOHUB_PULL_REQUEST_REVIEWERS: 'alice,acme/ml',
    }),
    { labels: ['evohub', 'prompts'], reviewers: ['alice', 'acme/ml'] },
  );
});
