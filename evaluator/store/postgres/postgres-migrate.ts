/**
 * Versioned PostgreSQL schema: `migrations/NNNN_description.sql`, applied in order and recorded in
 * `schema_migrations`. All pending migrations run in ONE transaction holding a transaction-scoped advisory lock,
 * so two processes migrating at once are safe: the second waits, then finds nothing left to do.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PoolClient } from 'pg';
import { ConfigError } from '../../../core/errors.ts';

export type SqlMigration = { version: number; name: string; sql: string };

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Arbitrary constant identifying "evohub schema migration" among advisory locks. */
const MIGRATION_LOCK_KEY = 7_415_963_001;

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<SqlMigration[]> {
  const out: SqlMigration[] = [];
  for (const file of (await readdir(dir)).sort()) {
    const m = FILE.exec(file);
    if (!m) continue;
    out.push({ version: Number(m[1]), name: m[2] as string, sql: await readFile(join(dir, file), 'utf8') });
  }
  out.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new ConfigError(
        `migration ${join(dir, `${m.name}`)} has version ${m.version}, expected ${i + 1}`,
        {
          hint: 'migrations are numbered 0001, 0002, … without gaps',
        },
      );
    }
  });
  return out;
}

export type MigrateResult = { applied: number[]; version: number };

/** Applies the pending migrations on `client` (which must not be inside a transaction). */
export async function migratePostgres(
  client: PoolClient,
  migrations: readonly SqlMigration[],
): Promise<MigrateResult> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) =>
        Number(r.version),
      ),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    const version = Math.max(0, ...done, ...applied);
    return { applied, version };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
