/**
 * Queued jobs survive a Redis restart when Redis keeps an append-only file (what the chart's bundled Redis does
 * with redis.persistence.enabled): jobs submitted while no worker runs are still waiting after Redis is stopped
 * (SIGTERM) and started again on the same directory, and a worker then processes them. The same steps without
 * AOF lose them, which is why the guidance matters. Uses its OWN redis-server on a free port.
 */

import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EVALUATION_QUEUE } from '../../evaluator/queue/job.ts';
import { openQueueEvaluator } from '../../evaluator/queue/queue-evaluator.ts';
import { startOpenAiServer } from '../servers/openai-compatible-server.ts';
import { freePort } from '../support/free-port.ts';
import {
  casesOf,
  killAndWait,
  requestFor,
  type Spawned,
  startWorkerProcess,
  uniquePrefix,
} from './helpers.ts';
import { startRedisServer, stopRedisServer } from './redis-server.ts';

const running: ChildProcess[] = [];
const dirs: string[] = [];
let worker: Spawned | undefined;
after(async () => {
  if (worker) await killAndWait(worker);
  for (const r of [...running]) await stopRedis(r, 'SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function startRedis(port: number, dir: string, aof: boolean): Promise<ChildProcess> {
  const child = await startRedisServer(port, [
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    aof ? 'yes' : 'no',
  ]);
  running.push(child);
  return child;
}

/** SIGTERM: Redis's ordinary shutdown (what Kubernetes sends a pod), which flushes the AOF. */
async function stopRedis(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  await stopRedisServer(child, signal);
  running.splice(running.indexOf(child), 1);
}

async function waitingJobs(url: string, prefix: string): Promise<number> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue(EVALUATION_QUEUE, { connection, prefix });
  try {
    return (await queue.getJobCounts('waiting')).waiting ?? 0;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Submits a 10-case run (2 jobs) with no worker running, then restarts Redis on the same directory. */
async function submitAndRestart(aof: boolean, baseUrl: string) {
  const dir = await mkdtemp(join(tmpdir(), 'evohub-aof-'));
  dirs.push(dir);
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const prefix = uniquePrefix(aof ? 'aof' : 'no-aof');
  const runId = `queued-${aof ? 'aof' : 'plain'}`;
  let redis = await startRedis(port, dir, aof);
  const coordinator = await openQueueEvaluator({ redisUrl: url, prefix });
  const jobs = await coordinator.submit(requestFor(runId, baseUrl, casesOf(10)));
  await coordinator.close();
  assert.equal(jobs.length, 2);
  assert.equal(await waitingJobs(url, prefix), 2);
  await stopRedis(redis);
  redis = await startRedis(port, dir, aof);
  return { url, prefix, runId, waiting: await waitingJobs(url, prefix) };
}

test('with appendonly yes, jobs queued before a Redis restart are still queued and then processed by a worker', async () => {
  const server = await startOpenAiServer({ record: false });
  try {
    const { url, prefix, runId, waiting } = await submitAndRestart(true, server.baseUrl);
    assert.equal(waiting, 2, 'both jobs survived the restart');
    worker = await startWorkerProcess(url, prefix);
    const coordinator = await openQueueEvaluator({ redisUrl: url, prefix });
    try {
      // The coordinator picks its run up again from the manifest that also survived.
      const result = await coordinator.resume(runId);
      assert.equal(result.records.length, 10);
      assert.ok(result.records.every((r) => r.output === 'ok' && !r.error));
    } finally {
      await coordinator.close();
    }
    assert.equal(await waitingJobs(url, prefix), 0);
  } finally {
    await server.close();
  }
});

test('without AOF (and no snapshot) the same restart loses the queued jobs', async () => {
  const server = await startOpenAiServer({ record: false });
  try {
    const { waiting } = await submitAndRestart(false, server.baseUrl);
    assert.equal(waiting, 0);
  } finally {
    await server.close();
  }
});
