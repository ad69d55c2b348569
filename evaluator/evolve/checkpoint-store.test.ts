import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { LineageRecord } from '../../core/evolve/lineage.ts';
import { readAncestry } from '../lineage/duckdb-lineage-store.ts';
import { duckDbCheckpointStore, requireCheckpoint } from './checkpoint-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'evohub-checkpoints-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const rec = (hash: string, parents: string[]): LineageRecord => ({
  hash,
  name: 'p',
  runId: 'run-1',
  candidateId: 1,
  generation: 1,
  operator: 'rewrite',
  parents,
  fitness: {},
  createdAt: '2026-01-01T00:00:00.000Z',
});

test('the newest checkpoint of a run; a failed save leaves neither its state nor its lineage', async () => {
  const db = join(dir, 'results.duckdb');
  const store = duckDbCheckpointStore(db);
  assert.equal(await store.latest('run-1'), undefined, 'no file yet');
  await assert.rejects(requireCheckpoint(store, 'run-1'), /no checkpoint for evolution run "run-1"/);
  await store.recordLineage([rec('orig', [])]);
  await store.save('run-1', 1, { g: 1 }, [rec('a', ['orig'])]);
  await store.save('run-1', 2, { g: 2, nested: { x: [1, 2] } }, [rec('b', ['a'])]);
  await store.save('run-2', 1, { other: true }, []);
  assert.deepEqual(await store.latest('run-1'), { generation: 2, state: { g: 2, nested: { x: [1, 2] } } });
  // A state that cannot be serialised fails the transaction after the lineage insert: both are rolled back.
  await assert.rejects(store.save('run-1', 3, { bad: 1n }, [rec('c', ['b'])]));
  assert.equal((await store.latest('run-1'))?.generation, 2);
  assert.deepEqual(await readAncestry(db, 'c'), []);
  assert.deepEqual(
    (await readAncestry(db, 'b')).map((a) => a.hash),
    ['b', 'a', 'orig'],
  );
});
