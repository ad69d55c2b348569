/**
 * Redis restarts under a running worker. Uses its OWN redis-server on a free port (never the shared one), so
 * other tests are not disturbed.
 */

import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, it } from 'node:test';
import { openQueueEvaluator } from '../../evaluator/queue/queue-evaluator.ts';
import { startOpenAiServer } from '../servers/openai-compatible-server.ts';
import { freePort } from '../support/free-port.ts';
import {
  casesOf,
  killAndWait,
  metricsPortOf,
  requestFor,
  type Spawned,
  startWorkerProcess,
  uniquePrefix,
  waitFor,
} from './helpers.ts';
import { startRedisServer, stopRedisServer } from './redis-server.ts';

let redisServer: ChildProcess | undefined;
let workerProcess: Spawned | undefined;

const health = async (port: number) => {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
  } catch {
    return 0;
  }
};

after(async () => {
  if (workerProcess) await killAndWait(workerProcess);
  if (redisServer) await stopRedisServer(redisServer, 'SIGKILL');
});

it('Redis restarted: the worker reconnects, carries on with new jobs and logs the outage once', async () => {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const prefix = uniquePrefix('restart');
  const server = await startOpenAiServer({ record: false });
  redisServer = await startRedisServer(port, ['--appendonly', 'no']);
  try {
    workerProcess = await startWorkerProcess(url, prefix, ['--metrics-port', '0']);
    const metricsPort = metricsPortOf(workerProcess);
    const before = await openQueueEvaluator({ redisUrl: url, prefix });
    const first = await before.evaluate(requestFor('before-restart', server.baseUrl, casesOf(5)));
    assert.equal(first.records.length, 5);
    await before.close();

    await stopRedisServer(redisServer, 'SIGKILL');
    await waitFor('worker unhealthy while Redis is down', async () => (await health(metricsPort)) === 503);
    // Down long enough for reconnection attempts to fail (each one an ioredis `error` event).
    const down = workerProcess;
    await waitFor('the worker logs that Redis is unreachable', async () =>
      /is unreachable/.test(down.output()),
    );
    redisServer = await startRedisServer(port, ['--appendonly', 'no']);
    await waitFor('worker healthy again', async () => (await health(metricsPort)) === 200);

    const afterRestart = await openQueueEvaluator({ redisUrl: url, prefix });
    const second = await afterRestart.evaluate(requestFor('after-restart', server.baseUrl, casesOf(8, 1)));
    await afterRestart.close();
    assert.equal(second.records.length, 8);
    assert.ok(second.records.every((r) => r.output === 'ok' && !r.error));
    assert.equal(workerProcess.child.exitCode, null, 'the same worker process carried on');
    assert.match(workerProcess.output(), /"runId":"after-restart"[^\n]*"msg":"job completed"/);
    // The outage is one line down and one line back: no ioredis stack traces, no line per failed attempt.
    const w = workerProcess;
    await waitFor('the worker logs that Redis is back', async () => /is back after/.test(w.output()));
    const out = w.output();
    assert.doesNotMatch(out, /Unhandled error event/);
    assert.equal(out.match(/is unreachable/g)?.length, 1, out);
    assert.equal(out.match(/is back after/g)?.length, 1, out);
  } finally {
    await server.close();
  }
});
