/** Test helper: a results database as an older evohub left it, with migrations 1…`version` applied only. */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { MIGRATIONS } from './migrations.ts';

export async function createAtSchema(
  path: string,
  version: number,
  fill: (conn: DuckDBConnection) => Promise<unknown>,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const db = await DuckDBInstance.create(path);
  const conn = await db.connect();
  try {
    await conn.run(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)',
    );
    for (const m of MIGRATIONS.filter((x) => x.version <= version)) {
      for (const sql of m.statements) await conn.run(sql);
      await conn.run('INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)', [
        m.version,
        m.description,
      ]);
    }
    await fill(conn);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
