import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbResultsStore } from './duckdb-results-store.ts';
import { evaluationFixture } from './evaluation-record.fixture.ts';
import { LATEST_SCHEMA_VERSION } from './migrations.ts';
import { createAtSchema } from './old-schema.fixture.ts';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const row = (runId: string, seq: number) => evaluationFixture(runId, seq, { model: 'm' });

async function numbers(path: string): Promise<unknown[]> {
  const db = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  try {
    const r = await conn.runAndReadAll(
      `SELECT n.run_id, n.run_no, count(DISTINCT e.run_no)::INTEGER AS ev, count(DISTINCT m.run_no)::INTEGER AS mt
       FROM run_numbers n JOIN evaluations e ON e.run_id = n.run_id AND e.run_no = n.run_no
       JOIN metrics m ON m.run_id = n.run_id AND m.run_no = n.run_no GROUP BY ALL ORDER BY n.run_no`,
    );
    return r.getRowsJson();
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

test('a store at schema 3 reads as before, and its next writer numbers the old runs in write order', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'evohub-runno-'));
  dirs.push(dir);
  const path = join(dir, '.evohub', 'results.duckdb');
  // The old code path: migrations 1–3, rows appended by the store of that version (no run_no column).
  await createAtSchema(path, 3, async (conn) => {
    for (const [run, seq] of [
      ['b', 0],
      ['a', 0],
      ['b', 1],
    ] as const) {
      await conn.run(
        `INSERT INTO evaluations VALUES (?, ?, 'h', 'c', 0, 0, ?, NULL, 1, 1, 1, NULL, 'm', false,
          '2026-01-02 03:04:05', NULL, NULL)`,
        [run, seq, `${run}/${seq}`],
      );
      await conn.run("INSERT INTO metrics VALUES (?, ?, 'acc', 1, true)", [run, seq]);
    }
  });
  const reader = new DuckDbResultsStore(path, { mode: 'read' });
  assert.deepEqual(
    (await reader.evaluations('b')).map((e) => [e.output, e.metrics]),
    [
      ['b/0', { acc: 1 }],
      ['b/1', { acc: 1 }],
    ],
    'read-only readers do not migrate, and read a schema-3 file',
  );
  await reader.close();

  const writer = new DuckDbResultsStore(path, { mode: 'write' });
  await writer.appendEvaluations([row('c', 0), row('a', 1)]);
  await writer.close();
  assert.deepEqual(await numbers(path), [
    ['b', 1, 1, 1],
    ['a', 2, 1, 1],
    ['c', 3, 1, 1],
  ]);
  const again = new DuckDbResultsStore(path, { mode: 'read' });
  assert.deepEqual(
    (await again.evaluations('a')).map((e) => e.output),
    ['a/0', 'a/1'],
  );
  assert.deepEqual(await again.evaluations('none'), []);
  const out = join(dir, 'all.jsonl');
  await again.exportEvaluations('jsonl', out);
  const lines = (await readFile(out, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 5);
  assert.equal('run_no' in lines[0], false, 'the run number is storage, not exported');
  await again.close();

  const db = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  const v = await conn.runAndReadAll('SELECT max(version)::INTEGER AS v FROM schema_migrations');
  assert.equal(Number(v.getRowObjectsJson()[0]?.v), LATEST_SCHEMA_VERSION);
  conn.closeSync();
  db.closeSync();
});

test('migrate() (evohub db migrate) brings a schema-3 file to the latest version once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'evohub-runno-'));
  dirs.push(dir);
  const path = join(dir, '.evohub', 'results.duckdb');
  await createAtSchema(path, 3, async () => {});
  const first = new DuckDbResultsStore(path, { mode: 'write' });
  assert.deepEqual(await first.migrate(), { applied: [4], version: LATEST_SCHEMA_VERSION });
  await first.close();
  const second = new DuckDbResultsStore(path, { mode: 'write' });
  assert.deepEqual(await second.migrate(), { applied: [], version: LATEST_SCHEMA_VERSION });
  await second.close();
});
