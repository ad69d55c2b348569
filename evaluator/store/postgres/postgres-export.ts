/** `runs --export` for the PostgreSQL store: keyset pages into JSONL, then DuckDB (in memory) for Parquet. */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import type { ExportFormat } from '../../../core/ports/results-store.ts';
import { writeParquetFromJsonl } from './parquet-from-jsonl.ts';
import { iso, type Queryable, type Row } from './postgres-sql.ts';

const EVALUATION_SELECT = `SELECT e.run_id, e.seq, e.prompt_hash, e.case_id, e.case_index, e.repeat, e.output, e.error,
    e.latency_ms, e.input_tokens, e.output_tokens, e.cost_usd, e.model, e.cached, ${iso('e.created_at')} AS created_at,
    coalesce(m.metrics, '{}'::jsonb) AS metrics, coalesce(m.passes, '{}'::jsonb) AS passes, e.vars, e.expected
  FROM evaluations e LEFT JOIN LATERAL (
    SELECT jsonb_object_agg(name, value) AS metrics,
      jsonb_object_agg(name, pass) FILTER (WHERE pass IS NOT NULL) AS passes
    FROM metrics WHERE run_id = e.run_id AND seq = e.seq) m ON true`;

/** The export's row shape, the same columns (and order) as the DuckDB store's export. */
function exportRow(r: Row): Record<string, unknown> {
  return {
    run_id: r.run_id,
    seq: r.seq,
    prompt_hash: r.prompt_hash,
    case_id: r.case_id,
    case_index: r.case_index,
    repeat: r.repeat,
    output: r.output,
    error: r.error,
    latency_ms: r.latency_ms,
    input_tokens: r.input_tokens,
    output_tokens: r.output_tokens,
    cost_usd: r.cost_usd,
    model: r.model,
    cached: r.cached,
    created_at: r.created_at,
    metrics: r.metrics,
    passes: r.passes,
    vars: r.vars ?? null,
    expected: r.expected ?? null,
  };
}

/** Pages through the evaluations by key (no long-held cursor) into a JSONL file; returns the row count. */
async function writeJsonl(q: Queryable, path: string, runId: string | undefined): Promise<number> {
  const out = createWriteStream(path);
  let rows = 0;
  try {
    let after: [string, number] = ['', -1];
    for (;;) {
      const params: unknown[] = [after[0], after[1]];
      let where = '(e.run_id, e.seq) > ($1, $2)';
      if (runId !== undefined) {
        params.push(runId);
        where += ' AND e.run_id = $3';
      }
      const r = await q.query(
        `${EVALUATION_SELECT} WHERE ${where} ORDER BY e.run_id, e.seq LIMIT 5000`,
        params,
      );
      if (r.rows.length === 0) break;
      let chunk = '';
      for (const row of r.rows) chunk += `${JSON.stringify(exportRow(row))}\n`;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      rows += r.rows.length;
      const last = r.rows.at(-1) as Row;
      after = [String(last.run_id), Number(last.seq)];
    }
  } finally {
    out.end();
    await finished(out);
  }
  return rows;
}

/**
 * Writes the export atomically (a temporary file renamed into place). `read` runs the query work on the store's
 * pool, or returns 0 when the store has no schema yet.
 */
export async function exportPostgresEvaluations(
  read: (work: (q: Queryable) => Promise<number>) => Promise<number>,
  format: ExportFormat,
  outPath: string,
  runId: string | undefined,
): Promise<{ rows: number }> {
  await mkdir(dirname(outPath), { recursive: true });
  const tmp = `${outPath}.tmp-${process.pid}`;
  const jsonl = format === 'jsonl' ? tmp : `${tmp}.jsonl`;
  try {
    const rows = await read((q) => writeJsonl(q, jsonl, runId));
    if (format === 'jsonl') {
      if (rows === 0) await writeFile(jsonl, '');
    } else {
      await writeParquetFromJsonl(jsonl, tmp, rows);
      await rm(jsonl, { force: true });
    }
    await rename(tmp, outPath);
    return { rows };
  } catch (error) {
    await rm(tmp, { force: true });
    await rm(`${tmp}.jsonl`, { force: true });
    throw error;
  }
}
