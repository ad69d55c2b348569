/**
 * Parquet for stores that are not DuckDB: the rows are written as JSONL first, then DuckDB (in memory) converts
 * them with the same column types the DuckDB store's export has (metrics and passes as MAPs, vars and
 * expected as JSON).
 */
import { DuckDBInstance } from '@duckdb/node-api';

const COLUMNS = `{run_id: 'VARCHAR', seq: 'INTEGER', prompt_hash: 'VARCHAR', case_id: 'VARCHAR',
  case_index: 'INTEGER', repeat: 'INTEGER', output: 'VARCHAR', error: 'VARCHAR', latency_ms: 'DOUBLE',
  input_tokens: 'INTEGER', output_tokens: 'INTEGER', cost_usd: 'DOUBLE', model: 'VARCHAR', cached: 'BOOLEAN',
  created_at: 'VARCHAR', metrics: 'MAP(VARCHAR, DOUBLE)', passes: 'MAP(VARCHAR, BOOLEAN)',
  vars: 'JSON', expected: 'JSON'}`;

const quote = (path: string) => `'${path.replace(/'/g, "''")}'`;

export async function writeParquetFromJsonl(
  jsonlPath: string,
  parquetPath: string,
  rows: number,
): Promise<void> {
  const mem = await DuckDBInstance.create(':memory:');
  const conn = await mem.connect();
  try {
    const source =
      rows === 0
        ? 'SELECT NULL::VARCHAR AS run_id WHERE false'
        : `SELECT * FROM read_json(${quote(jsonlPath)}, format = 'newline_delimited', columns = ${COLUMNS})`;
    await conn.run(`COPY (${source}) TO ${quote(parquetPath)} (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    mem.closeSync();
  }
}
