/** `runs --export` for the DuckDB store: DuckDB's COPY writes Parquet or JSONL straight from the tables. */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ExportFormat } from '../../core/ports/results-store.ts';
import { hasColumn } from './duckdb-evaluations.ts';
import { ISO } from './duckdb-sql.ts';

const quote = (path: string) => `'${path.replace(/'/g, "''")}'`;
const formatOf = (format: ExportFormat) => (format === 'parquet' ? 'FORMAT parquet' : 'FORMAT json');

/**
 * Writes the evaluations (of one run, or all) with their metrics and passes as MAPs and their input variables and
 * expected value as JSON (NULL for rows stored before schema 3); returns the row count.
 */
export async function copyEvaluationsTo(
  conn: DuckDBConnection,
  format: ExportFormat,
  path: string,
  runId: string | undefined,
): Promise<number> {
  const where = runId === undefined ? '' : 'WHERE e.run_id = $run';
  const stored = await hasColumn(conn, 'evaluations', 'vars');
  const numbered = await hasColumn(conn, 'evaluations', 'run_no');
  const exclude = `created_at${stored ? ', vars, expected' : ''}${numbered ? ', run_no' : ''}`;
  const inputs = stored
    ? 'e.vars::JSON AS vars, e.expected::JSON AS expected'
    : 'NULL::JSON AS vars, NULL::JSON AS expected';
  const query = `SELECT e.* EXCLUDE (${exclude}), ${ISO('e.created_at')} AS created_at,
      coalesce(m.metrics, MAP {}) AS metrics, coalesce(m.passes, MAP {}) AS passes, ${inputs}
    FROM evaluations e LEFT JOIN (
      SELECT run_id, seq, map(list(name), list(value)) AS metrics,
        map(list(name) FILTER (pass IS NOT NULL), list(pass) FILTER (pass IS NOT NULL)) AS passes
      FROM metrics GROUP BY run_id, seq) m USING (run_id, seq)
    ${where} ORDER BY e.run_id, e.seq`;
  const params = runId === undefined ? undefined : { run: runId };
  const res = await conn.run(`COPY (${query}) TO ${quote(path)} (${formatOf(format)})`, params);
  return Number(res.rowsChanged);
}

/** No database yet: an empty, well-formed file through an in-memory database. */
export async function writeEmptyExport(format: ExportFormat, path: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const mem = await DuckDBInstance.create(':memory:');
  const conn = await mem.connect();
  try {
    await conn.run(
      `COPY (SELECT NULL::VARCHAR AS run_id WHERE false) TO ${quote(path)} (${formatOf(format)})`,
    );
  } finally {
    conn.closeSync();
    mem.closeSync();
  }
}
