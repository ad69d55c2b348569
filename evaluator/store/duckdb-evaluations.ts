/** The `evaluations` and `metrics` tables of the DuckDB store: bulk append and a run's read. */
import { type DuckDBConnection, timestampValue } from '@duckdb/node-api';
import type { EvaluationRecord } from '../../core/ports/results-store.ts';
import { assignRunNumbers, runNumberOf } from './duckdb-run-numbers.ts';
import { jsonOrUndefined, micros, type Row } from './duckdb-sql.ts';
import { evaluationFromRow } from './evaluation-row.ts';

/** Appends evaluations and their metrics in one transaction (DuckDB's Appender, columns in table order). */
export async function appendEvaluationRows(
  conn: DuckDBConnection,
  rows: readonly EvaluationRecord[],
): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const runNo = await assignRunNumbers(
      conn,
      rows.map((r) => r.runId),
    );
    const ev = await conn.createAppender('evaluations');
    for (const r of rows) {
      ev.appendVarchar(r.runId);
      ev.appendInteger(r.seq);
      ev.appendVarchar(r.promptHash);
      ev.appendVarchar(r.caseId);
      ev.appendInteger(r.caseIndex);
      ev.appendInteger(r.repeat);
      ev.appendVarchar(r.output);
      if (r.error === undefined) ev.appendNull();
      else ev.appendVarchar(r.error);
      ev.appendDouble(r.latencyMs);
      ev.appendInteger(r.inputTokens);
      ev.appendInteger(r.outputTokens);
      if (r.costUsd === undefined || !Number.isFinite(r.costUsd)) ev.appendNull();
      else ev.appendDouble(r.costUsd);
      ev.appendVarchar(r.model);
      ev.appendBoolean(r.cached);
      ev.appendTimestamp(timestampValue(micros(r.createdAt)));
      if (r.vars === undefined) ev.appendNull();
      else ev.appendVarchar(JSON.stringify(r.vars));
      if (r.expected === undefined) ev.appendNull();
      else ev.appendVarchar(JSON.stringify(r.expected));
      ev.appendInteger(runNo.get(r.runId) as number);
      ev.endRow();
    }
    ev.closeSync();
    const mt = await conn.createAppender('metrics');
    for (const r of rows) {
      for (const [name, value] of Object.entries(r.metrics)) {
        mt.appendVarchar(r.runId);
        mt.appendInteger(r.seq);
        mt.appendVarchar(name);
        if (Number.isFinite(value)) mt.appendDouble(value);
        else mt.appendNull();
        const pass = r.passes[name];
        if (pass === undefined) mt.appendNull();
        else mt.appendBoolean(pass);
        mt.appendInteger(runNo.get(r.runId) as number);
        mt.endRow();
      }
    }
    mt.closeSync();
    await conn.run('COMMIT');
  } catch (error) {
    // A failed COMMIT (a full disk) has already ended the transaction: never mask the real error.
    await conn.run('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** A run's evaluations in `seq` order, with their metrics (rows from before schema 3 have no vars). */
export async function readEvaluations(conn: DuckDBConnection, runId: string): Promise<EvaluationRecord[]> {
  const runNo = await runNumberOf(conn, runId);
  if (runNo === null) return [];
  // The run number as a bound value lets the scan skip blocks; files from before schema 4 filter on the id alone.
  const where = runNo === undefined ? 'run_id = $id' : 'run_no = $no AND run_id = $id';
  const params: Record<string, string | number> =
    runNo === undefined ? { id: runId } : { id: runId, no: runNo };
  // epoch_ms and Date rather than strftime: formatting in SQL cost more than the rest of a 1,000-row page.
  const ev = await conn.runAndReadAll(
    `SELECT * EXCLUDE (created_at), epoch_ms(created_at) AS created_ms FROM evaluations WHERE ${where} ORDER BY seq`,
    params,
  );
  const ms = await conn.runAndReadAll(`SELECT seq, name, value, pass FROM metrics WHERE ${where}`, params);
  const bySeq = new Map<number, { metrics: Record<string, number>; passes: Record<string, boolean> }>();
  for (const m of ms.getRowObjectsJson() as Row[]) {
    const seq = Number(m.seq);
    const entry = bySeq.get(seq) ?? { metrics: {}, passes: {} };
    entry.metrics[String(m.name)] = m.value == null ? Number.NaN : Number(m.value);
    if (m.pass != null) entry.passes[String(m.name)] = Boolean(m.pass);
    bySeq.set(seq, entry);
  }
  return (ev.getRowObjectsJson() as Row[]).map((r) =>
    evaluationFromRow(
      { ...r, created_at: new Date(Number(r.created_ms)).toISOString() },
      bySeq.get(Number(r.seq)) ?? { metrics: {}, passes: {} },
      jsonOrUndefined,
    ),
  );
}

export async function hasColumn(conn: DuckDBConnection, table: string, column: string): Promise<boolean> {
  const r = await conn.runAndReadAll(
    'SELECT count(*)::INTEGER AS n FROM duckdb_columns() WHERE table_name = ? AND column_name = ?',
    [table, column],
  );
  return Number(r.getRowObjectsJson()[0]?.n ?? 0) > 0;
}
