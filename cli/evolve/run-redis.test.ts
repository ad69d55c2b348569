import assert from 'node:assert/strict';
import { it } from 'node:test';
import { freePort } from '../../test/support/free-port.ts';
import type { EvolveCommandFlags } from './flags.ts';
import { openRunRedis } from './run-redis.ts';

it('the progress writer of a distributed run prints no ioredis stack traces while Redis is down', async (t) => {
  const printed = t.mock.method(console, 'error', () => {});
  const port = await freePort(); // nothing listens there
  const run = openRunRedis({ distributed: true, redis: `redis://127.0.0.1:${port}` } as EvolveCommandFlags);
  assert.ok(run);
  const progress = run.progress('accuracy');
  progress.generation({
    generation: 0,
    best: { accuracy: 0.5 },
    frontSize: 1,
    hypervolume: 0,
    evaluations: 10,
    optimizerCalls: 0,
    paidCalls: 0,
    saved: 0,
    costUsd: 0,
  });
  // Several reconnection attempts fail meanwhile (100, 200, 400 ms apart).
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await run.close();
  const traces = printed.mock.calls.filter((c) => String(c.arguments[0]).includes('Unhandled error event'));
  assert.equal(traces.length, 0);
});
