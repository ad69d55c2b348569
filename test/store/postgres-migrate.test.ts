import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import { loadMigrations, migratePostgres } from '../../evaluator/store/postgres/postgres-migrate.ts';
import { PostgresResultsStore } from '../../evaluator/store/postgres/postgres-results-store.ts';
import { startTestPostgres } from './postgres-harness.ts';

const started = await startTestPostgres();
if ('pg' in started) after(() => started.pg.stop());

test('a PostgreSQL store at migration 3 upgrades to 4 (run_id statistics) with its rows intact', {
  skip: 'skip' in started ? started.skip : false,
}, async () => {
  if (!('pg' in started)) return;
  const url = await started.pg.another();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const all = await loadMigrations();
  const client = await pool.connect();
  try {
    assert.deepEqual((await migratePostgres(client, all.slice(0, 3))).applied, [1, 2, 3]);
    await client.query(`INSERT INTO evaluations (run_id, seq, prompt_hash, case_id, case_index, repeat, output,
        latency_ms, input_tokens, output_tokens, model, cached, created_at)
        VALUES ('old', 0, 'h', 'c0', 0, 0, 'out', 1, 1, 1, 'm', false, '2026-01-02T03:04:05Z')`);
    await client.query("INSERT INTO metrics VALUES ('old', 0, 'acc', 1, true)");
    assert.deepEqual(await migratePostgres(client, all), { applied: [4], version: 4 });
    const stats = await client.query(
      `SELECT attrelid::regclass::text AS t, attoptions FROM pg_attribute
         WHERE attname = 'run_id' AND attrelid IN ('evaluations'::regclass, 'metrics'::regclass) ORDER BY 1`,
    );
    assert.deepEqual(
      stats.rows.map((r) => [r.t, (r.attoptions as string[]).filter((o) => o.startsWith('n_distinct'))]),
      [
        ['evaluations', ['n_distinct=-0.001']],
        ['metrics', ['n_distinct=-0.0005']],
      ],
    );
  } finally {
    client.release();
    await pool.end();
  }
  const reader = new PostgresResultsStore(url, { mode: 'read' });
  const [row] = await reader.evaluations('old');
  assert.deepEqual([row?.output, row?.metrics, row?.passes], ['out', { acc: 1 }, { acc: true }]);
  await reader.close();
});
