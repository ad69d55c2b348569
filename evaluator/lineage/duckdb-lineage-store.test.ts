import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { LineageRecord } from '../../core/evolve/lineage.ts';
import { withConnection } from '../store/duckdb-open.ts';
import { ensureLineageTable, insertLineage, lookupLineage, readAncestry } from './duckdb-lineage-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'evohub-lineage-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const rec = (
  hash: string,
  runId: string,
  parents: string[],
  operator = 'rewrite',
  generation = 1,
): LineageRecord => ({
  hash,
  name: 'triage',
  runId,
  candidateId: generation * 10,
  generation,
  operator,
  parents,
  fitness: { exact: 0.5 },
  createdAt: '2026-02-03T04:05:06.789Z',
});

test('ancestry crosses runs back to the human-written original; a hash keeps its first record', async () => {
  const db = join(dir, 'results.duckdb');
  assert.deepEqual(await withConnection(db, { readOnly: false }, async () => []), []);
  assert.deepEqual(await readAncestry(db, 'x'), [], 'no table yet: empty, no error');
  await withConnection(db, { readOnly: false }, async (conn) => {
    await ensureLineageTable(conn);
    await insertLineage(conn, [
      rec('orig', 'r1', [], 'original', 0),
      rec('a', 'r1', ['orig']),
      rec('b', 'r1', ['a', 'orig'], 'ga', 2),
    ]);
    // Run 2 starts from run 1's winner `b`; `b` is recorded again as its baseline and must keep its first record.
    await insertLineage(conn, [
      rec('b', 'r2', [], 'edited', 0),
      rec('c', 'r2', ['b'], 'reflect', 1),
      rec('c', 'r2', ['zzz'], 'dup', 1),
    ]);
    const b = (await lookupLineage(conn, ['b'])).get('b');
    assert.equal(b?.runId, 'r1');
    assert.equal(b?.operator, 'ga');
    assert.equal(b?.createdAt, '2026-02-03T04:05:06.789Z');
  });
  const anc = await readAncestry(db, 'c');
  assert.deepEqual(
    anc.map((a) => [a.hash, a.depth, a.operator]),
    [
      ['c', 0, 'reflect'],
      ['b', 1, 'ga'],
      ['a', 2, 'rewrite'],
      ['orig', 2, 'original'],
    ],
  );
  assert.deepEqual(anc[0]?.fitness, { exact: 0.5 });
  assert.deepEqual(await readAncestry(db, 'unknown'), []);
});
