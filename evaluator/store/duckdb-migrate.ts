import type { DuckDBConnection } from '@duckdb/node-api';
import { MIGRATIONS } from './migrations.ts';

export type DuckDbMigrateResult = { applied: number[]; version: number };

/**
 * Applies the migrations of `migrations.ts` not yet recorded in `schema_migrations`, each in a transaction;
 * returns those applied and the schema version reached.
 */
export async function migrateDuckDb(conn: DuckDBConnection): Promise<DuckDbMigrateResult> {
  await conn.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)',
  );
  const reader = await conn.runAndReadAll(
    'SELECT coalesce(max(version), 0)::INTEGER AS v FROM schema_migrations',
  );
  const current = Number(reader.getRowObjectsJson()[0]?.v ?? 0);
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await conn.run('BEGIN TRANSACTION');
    try {
      for (const sql of m.statements) await conn.run(sql);
      await conn.run('INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)', [
        m.version,
        m.description,
      ]);
      await conn.run('COMMIT');
      applied.push(m.version);
    } catch (error) {
      // A failed COMMIT (a full disk) has already ended the transaction: never mask the real error.
      await conn.run('ROLLBACK').catch(() => {});
      throw error;
    }
  }
  return { applied, version: Math.max(current, ...applied) };
}
