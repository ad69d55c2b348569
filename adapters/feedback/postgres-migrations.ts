/**
 * The feedback table's schema, versioned: applied in order by `ensureFeedbackSchema` (under an advisory lock,
 * so several application pods starting at once apply each migration once). Kept apart from the results store's
 * migrations: an application that only records feedback needs no results store.
 */
import type { PoolClient } from 'pg';

export const FEEDBACK_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'feedback cases',
    sql: `
CREATE TABLE IF NOT EXISTS evohub_feedback_cases (
  id text PRIMARY KEY,
  recorded_at timestamptz NOT NULL,
  prompt text NOT NULL,
  version text NOT NULL,
  variables jsonb NOT NULL,
  output text,
  expected jsonb,
  reason text
);
CREATE INDEX IF NOT EXISTS evohub_feedback_cases_recorded_at ON evohub_feedback_cases (recorded_at);`,
  },
];

/** Arbitrary but fixed: the advisory lock key of feedback migrations. */
const LOCK_KEY = 0x65766f66;

export async function ensureFeedbackSchema(client: PoolClient): Promise<number[]> {
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS evohub_feedback_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM evohub_feedback_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const m of FEEDBACK_MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO evohub_feedback_migrations (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return applied;
}
