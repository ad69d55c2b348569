import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { isBeingCreated, withConnection } from './duckdb-open.ts';

const dir = mkdtempSync(join(tmpdir(), 'evohub-duckdb-open-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function openError(path: string): Promise<unknown> {
  try {
    (await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' })).closeSync();
  } catch (error) {
    return error;
  }
  return undefined;
}

test('a file a writer is still creating is transient; a full-size invalid file is not', async () => {
  const fresh = join(dir, 'fresh.duckdb');
  writeFileSync(fresh, '');
  const e1 = await openError(fresh);
  assert.ok(e1, 'DuckDB refuses an empty file');
  assert.equal(isBeingCreated(e1, fresh), true);

  const corrupt = join(dir, 'corrupt.duckdb');
  writeFileSync(corrupt, Buffer.alloc(64 * 1024, 7));
  const e2 = await openError(corrupt);
  assert.ok(e2);
  assert.equal(isBeingCreated(e2, corrupt), false);
  await assert.rejects(
    withConnection(corrupt, { readOnly: true, lockTimeoutMs: 50 }, async () => 0),
    /cannot open the results database/,
  );
});

test('a reader waits for the writer to finish creating the file', async () => {
  const path = join(dir, 'late.duckdb');
  writeFileSync(path, '');
  let clock = 0;
  let created = false;
  const rows = await withConnection(
    path,
    {
      readOnly: true,
      now: () => clock,
      // The "writer" finishes creating the database while the reader pauses.
      sleep: async (ms) => {
        clock += ms;
        if (!created) {
          created = true;
          rmSync(path);
          const db = await DuckDBInstance.create(path);
          const c = await db.connect();
          await c.run('create table t as select 42 as x');
          c.closeSync();
          db.closeSync();
        }
      },
    },
    async (conn) => (await conn.runAndReadAll('select x from t')).getRows(),
  );
  assert.deepEqual(rows, [[42]]);
});
