/**
 * `evohub evolve --distributed` with two workers, two coordinators at once writing to one PostgreSQL store, and
 * a reader polling it all along: both runs are stored whole (runs, evaluations, checkpoints, lineage), the workers
 * write their jobs' evaluations themselves (`--results-url`), and every read succeeds without waiting for the
 * writers (its slowest read is bounded).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { commitTemplateCopy } from '../../adapters/git/testing.ts';
import { memoryContext } from '../../cli/context.ts';
import { runCli } from '../../cli/main.ts';
import { PostgresResultsStore } from '../../evaluator/store/postgres/postgres-results-store.ts';
import {
  cleanup,
  killAndWait,
  REDIS_URL,
  ROOT,
  type Spawned,
  spawnNode,
  startWorkerProcess,
  uniquePrefix,
  waitFor,
} from '../distributed/helpers.ts';
import { startTestPostgres } from './postgres-harness.ts';

const started = await startTestPostgres();
const redisUp = await (async () => {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
})();
const dirs: string[] = [];
const workers: Spawned[] = [];
const prefix = uniquePrefix('pg-evolve');

after(async () => {
  await Promise.all(workers.map((w) => killAndWait(w)));
  if (redisUp) {
    const redis = new Redis(REDIS_URL);
    await cleanup(redis, prefix);
    redis.disconnect();
  }
  if ('pg' in started) await started.pg.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const skip = 'skip' in started ? started.skip : redisUp ? false : `no Redis at ${REDIS_URL}`;

describe('distributed evolve into PostgreSQL', { skip }, () => {
  it('two coordinators and two workers write concurrently; a reader never fails and sees both runs whole', async () => {
    const url = await ('pg' in started ? started.pg.another() : Promise.reject(new Error('no pg')));
    workers.push(await startWorkerProcess(REDIS_URL, prefix, ['--results-url', url]));
    workers.push(await startWorkerProcess(REDIS_URL, prefix, ['--results-url', url]));
    const evolve = async (seed: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'evohub-pg-evolve-'));
      dirs.push(dir);
      commitTemplateCopy(join(ROOT, 'templates/classification'), dir);
      const m = memoryContext(dir, {
        ...process.env,
        HOME: dir,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@e.st',
      });
      const args = ['evolve', 'ticket-triage', '--generations', '2', '--population', '4', '--seed', seed];
      const dist = ['--distributed', '--redis', REDIS_URL, '--queue-prefix', prefix, '--results-url', url];
      const code = await runCli([...args, ...dist, '--no-commit', '--json'], m.ctx);
      assert.equal(code, 0, m.stderr());
      return JSON.parse(m.stdout()) as { runId: string; winner: { hash: string } };
    };

    // A reader in its own process polls all along and times every read.
    const polling = spawnNode(['test/store/pg-reader.fixture.ts', url]);
    await waitFor(
      'reader ready',
      () => polling.output().includes('ready') || polling.child.exitCode !== null,
      60_000,
    );
    const [a, b] = await Promise.all([evolve('3'), evolve('4')]).finally(() => polling.child.kill('SIGTERM'));
    assert.equal(await polling.exited, 0, polling.output());
    const reads = JSON.parse(polling.output().trim().split('\n').at(-1) as string) as {
      reads: number;
      failures: number;
      maxMs: number;
      p95Ms: number;
    };
    console.log(`reader during the runs: ${JSON.stringify(reads)}`);
    assert.ok(reads.reads > 10, 'the reader read while the runs were writing');
    assert.equal(reads.failures, 0);
    // Readers never wait for a writer (MVCC): on a loaded 2-core machine no read comes near a second.
    assert.ok(reads.maxMs < 1000, `the slowest read took ${reads.maxMs} ms`);
    // The workers wrote evaluations themselves (their job logs say so).
    for (const w of workers) assert.match(w.output(), /"stored":true/, 'each worker stored evaluations');

    const reader = new PostgresResultsStore(url, { mode: 'read' });
    const runs = await reader.listRuns();
    assert.deepEqual(runs.map((r) => r.id).sort(), [a.runId, b.runId].sort());
    for (const run of runs) assert.equal(run.status, 'completed');
    for (const r of [a, b]) {
      assert.ok((await reader.evaluations(`${r.runId}/held-out/winner`)).length > 0);
      assert.equal((await reader.latestCheckpoint(r.runId))?.generation, 2);
      assert.equal((await reader.ancestry(r.winner.hash))[0]?.hash, r.winner.hash);
    }
    await reader.close();
  });
});
