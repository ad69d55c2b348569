import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { Redis } from 'ioredis';
import { memoryContext } from '../../cli/context.ts';
import { openCoordinator } from '../../cli/worker/coordinator.ts';
import { createModelCaller } from '../../evaluator/model-caller.ts';
import { createProvider } from '../../evaluator/providers/registry.ts';
import { startOpenAiServer } from '../servers/openai-compatible-server.ts';
import {
  casesOf,
  cleanup,
  killAndWait,
  REDIS_URL,
  ROOT,
  type Spawned,
  sample,
  startWorkerProcess,
  uniquePrefix,
} from './helpers.ts';

const prefix = uniquePrefix('coord');
let worker: Spawned | undefined;
after(async () => {
  if (worker) await killAndWait(worker);
  const redis = new Redis(REDIS_URL);
  await cleanup(redis, prefix);
  redis.disconnect();
});

it('the coordinator serves /metrics with the results it received, and its budget binds every worker', async () => {
  const server = await startOpenAiServer({ record: false });
  const m = memoryContext(ROOT);
  const providers = { local: { type: 'openai', baseUrl: server.baseUrl, maxRetries: 0 } };
  const coordinator = await openCoordinator(
    m.ctx,
    { distributed: true, redis: REDIS_URL, queuePrefix: prefix, metricsPort: '0', batchSize: '4' },
    { runId: 'coord-run', providers, budget: { maxEvaluations: 10 } },
  );
  assert.ok(coordinator);
  assert.match(m.stderr(), /no worker is connected yet/);
  worker = await startWorkerProcess(REDIS_URL, prefix);
  try {
    const provider = await createProvider('local/m', { providers, env: {}, baseDir: ROOT });
    const result = await coordinator.evaluate({
      runId: 'coord-eval',
      prompt: {
        file: 'p.prompt.yml',
        hash: 'h',
        data: { messages: [{ role: 'user', content: '{{q}}' }], evaluators: [] },
      },
      plan: casesOf(16),
      caller: createModelCaller({ provider }),
      model: 'm',
      scorers: [],
      concurrency: 2,
    });
    assert.equal(result.records.length, 10, 'the shared budget of 10 evaluations stopped the run');
    assert.equal(result.stopped?.reason, 'budget');
    assert.equal(server.count, 10);
    const text = await (await fetch(`http://127.0.0.1:${coordinator.metricsPort}/metrics`)).text();
    assert.equal(sample(text, 'evohub_evaluations_total', 'status="ok"'), 10);
    assert.equal(sample(text, 'evohub_jobs_total', 'status="completed"'), 4);
    assert.match(text, /role="coordinator"/);
  } finally {
    await coordinator.close();
    await server.close();
  }
});
