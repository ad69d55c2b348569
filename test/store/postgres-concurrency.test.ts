/**
 * Many writers, readers that never wait: two processes write to the same PostgreSQL store at once (each its own
 * run, both the same rows of a shared run) while this process reads; and a reader gets the committed state
 * while a writer holds an open transaction with row locks.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PostgresResultsStore } from '../../evaluator/store/postgres/postgres-results-store.ts';
import { startTestPostgres } from './postgres-harness.ts';
import { evaluation, run } from './results-store.contract.ts';

const started = await startTestPostgres();
after(async () => {
  if ('pg' in started) await started.pg.stop();
});

const writer = fileURLToPath(new URL('./pg-writer.fixture.ts', import.meta.url));

function spawnWriter(url: string, name: string, batches: number, size: number) {
  const child = spawn(process.execPath, [writer, url, name, String(batches), String(size)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, out, err })),
  );
}

describe('PostgreSQL store under concurrent writers', {
  skip: 'skip' in started ? started.skip : false,
}, () => {
  const server = 'pg' in started ? started.pg : (undefined as never);

  test('two writing processes and a reader: no lost or duplicated rows, every read succeeds', async () => {
    const url = await server.another();
    // Migrated up front so that both writers' first writes race on data, not on the schema.
    const setup = new PostgresResultsStore(url, { mode: 'write' });
    await setup.migrate();
    await setup.close();

    const batches = 20;
    const size = 100;
    const writers = Promise.all([spawnWriter(url, 'a', batches, size), spawnWriter(url, 'b', batches, size)]);
    let done = false;
    void writers.then(() => (done = true));
    const reader = new PostgresResultsStore(url, { mode: 'read' });
    const seen: number[] = [];
    while (!done) seen.push((await reader.evaluations('a')).length);
    for (const w of await writers) assert.equal(w.code, 0, w.err);
    // Each read saw whole batches (a flush is one transaction), never fewer than before.
    for (const n of seen) assert.equal(n % size, 0, 'a read saw part of a batch');
    for (let i = 1; i < seen.length; i++) assert.ok((seen[i] as number) >= (seen[i - 1] as number));
    assert.ok(seen.length > 0);

    const total = batches * size;
    for (const id of ['a', 'b', 'shared']) {
      const evs = await reader.evaluations(id);
      assert.equal(evs.length, total, `run ${id}`);
      assert.deepEqual(
        evs.map((e) => e.seq),
        Array.from({ length: total }, (_, i) => i),
      );
    }
    assert.deepEqual((await reader.listRuns()).map((r) => r.id).sort(), ['a', 'b', 'shared']);
    await reader.close();
  });

  test('a reader does not wait for a writer holding an open transaction and row locks', async () => {
    const url = await server.another();
    const store = new PostgresResultsStore(url, { mode: 'write' });
    await store.saveRun(run);
    await store.appendEvaluations([evaluation(0)]);
    await store.flush();

    const writer = new pg.Client({ connectionString: url });
    await writer.connect();
    await writer.query('BEGIN');
    await writer.query("UPDATE runs SET status = 'completed' WHERE id = 'run-1'");
    await writer.query("DELETE FROM evaluations WHERE run_id = 'run-1'");
    await writer.query('LOCK TABLE metrics IN ROW EXCLUSIVE MODE');
    try {
      // Were readers to wait for writers, these would hang until the transaction ends (and the test time out).
      const reader = new PostgresResultsStore(url, { mode: 'read' });
      assert.equal((await reader.getRun('run-1'))?.status, 'running');
      assert.equal((await reader.evaluations('run-1')).length, 1);
      await reader.close();
    } finally {
      await writer.query('ROLLBACK');
      await writer.end();
    }
    // An idempotent re-write of a stored row by another writer changes nothing.
    await store.appendEvaluations([evaluation(0, { output: 'a retried job' }), evaluation(1)]);
    await store.flush();
    const evs = await store.evaluations('run-1');
    assert.deepEqual(
      evs.map((e) => [e.seq, e.output]),
      [
        [0, evaluation(0).output],
        [1, evaluation(1).output],
      ],
    );
    await store.close();
  });
});
