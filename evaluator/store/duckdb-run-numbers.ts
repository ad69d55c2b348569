/**
 * Run numbers (schema 4): each run gets the next number when its first evaluation is written, and every
 * evaluation and metric row carries it. Rows are appended in write order, so a run's rows sit in a few blocks
 * whose min/max statistics hold its number; a read filtering on it skips the other blocks (the run id text cannot
 * do that: DuckDB keeps only an 8-byte prefix of text in those statistics, and run ids begin with their date).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { tableExists } from '../lineage/duckdb-lineage-store.ts';

/** Numbers of these run ids, numbering the new ones after the highest (one writing process: no race). */
export async function assignRunNumbers(
  conn: DuckDBConnection,
  runIds: Iterable<string>,
): Promise<Map<string, number>> {
  const ids = [...new Set(runIds)];
  const out = new Map<string, number>();
  if (ids.length === 0) return out;
  const known = await conn.runAndReadAll(
    `SELECT run_id, run_no FROM run_numbers WHERE run_id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  for (const r of known.getRowObjectsJson()) out.set(String(r.run_id), Number(r.run_no));
  for (const id of ids) {
    if (out.has(id)) continue;
    const next = await conn.runAndReadAll(
      'INSERT INTO run_numbers SELECT ?, coalesce(max(run_no), 0) + 1 FROM run_numbers RETURNING run_no',
      [id],
    );
    out.set(id, Number(next.getRowObjectsJson()[0]?.run_no));
  }
  return out;
}

/**
 * The number of a run: a number, `null` when the run has none (nothing written), `undefined` when the file is
 * from before schema 4 (read-only readers do not migrate): the caller then filters on the run id alone.
 */
export async function runNumberOf(conn: DuckDBConnection, runId: string): Promise<number | null | undefined> {
  if (!(await tableExists(conn, 'run_numbers'))) return undefined;
  const r = await conn.runAndReadAll('SELECT run_no FROM run_numbers WHERE run_id = ?', [runId]);
  const row = r.getRowObjectsJson()[0];
  return row ? Number(row.run_no) : null;
}
