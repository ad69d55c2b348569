/** The `paid_calls` table: a run's ledger, copied into the results database when the run reports. */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PaidCall } from '../../core/evolve/paid-ledger.ts';

const CHUNK = 500;

export async function replacePaidCalls(
  conn: DuckDBConnection,
  runId: string,
  calls: readonly PaidCall[],
): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run('DELETE FROM paid_calls WHERE run_id = ?', [runId]);
    for (let i = 0; i < calls.length; i += CHUNK) {
      const part = calls.slice(i, i + CHUNK);
      await conn.run(
        `INSERT OR REPLACE INTO paid_calls VALUES ${part.map(() => '(?, ?, ?)').join(', ')}`,
        part.flatMap((c) => [runId, c.key, c.costUsd]),
      );
    }
    await conn.run('COMMIT');
  } catch (error) {
    await conn.run('ROLLBACK');
    throw error;
  }
}

export async function readPaidCalls(conn: DuckDBConnection, runId: string): Promise<PaidCall[]> {
  const t = await conn.runAndReadAll(
    "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'paid_calls'",
  );
  if (Number(t.getRowObjectsJson()[0]?.n ?? 0) === 0) return [];
  const r = await conn.runAndReadAll(
    'SELECT call_key, cost_usd FROM paid_calls WHERE run_id = ? ORDER BY call_key',
    [runId],
  );
  return r.getRowObjectsJson().map((row) => ({ key: String(row.call_key), costUsd: Number(row.cost_usd) }));
}
