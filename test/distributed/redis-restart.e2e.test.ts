/**
 * Redis restarts under a running worker. Uses its OWN redis-server on a free port (never the shared one), so
 * other tests are not disturbed.
 */

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, it } from 'node:test';
import { Redis } from 'ioredis';
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

let redisServer: ChildProcess | undefined;
let workerProcess: Spawned | undefined;

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const probe = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  await waitFor('redis-server up', async () => {
    try {
      if (probe.status !== 'ready') await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      probe.disconnect();
      return false;
    }
  });
  probe.disconnect();
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const health = async (port: number) => {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
  } catch {
    return 0;
  }
};

after(async () => {
  if (workerProcess) await killAndWait(workerProcess);
  if (redisServer) await stopRedis(redisServer);
});

it('Redis restarted: the worker reconnects, carries on with new jobs and logs the outage once', async () => {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const prefix = uniquePrefix('restart');
  const server = await startOpenAiServer({ record: false });
  redisServer = await startRedis(port);
  try {
    workerProcess = await startWorkerProcess(url, prefix, ['--metrics-port', '0']);
    const metricsPort = metricsPortOf(workerProcess);
    const before = await openQueueEvaluator({ redisUrl: url, prefix });
    const first = await before.evaluate(requestFor('before-restart', server.baseUrl, casesOf(5)));
    assert.equal(first.records.length, 5);
    await before.close();

    await stopRedis(redisServer);
    await waitFor('worker unhealthy while Redis is down', async () => (await health(metricsPort)) === 503);
    // Down long enough for reconnection attempts to fail (each one an ioredis `error` event).
    const down = workerProcess;
    await waitFor('the worker logs that Redis is unreachable', async () =>
      /is unreachable/.test(down.output()),
    );
    redisServer = await startRedis(port);
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
