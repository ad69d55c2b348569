/** The `evaluations` and `metrics` tables of the PostgreSQL store: bulk upsert and a run's read. */
import type pg from 'pg';
import type { EvaluationRecord } from '../../../core/ports/results-store.ts';
import { evaluationFromRow } from '../evaluation-row.ts';
import { iso, pgJson, pgText, type Queryable, type Row } from './postgres-sql.ts';

/** A row joined with its metrics (jsonb); a stored null metric (NaN in DuckDB) reads as NaN. */
export function toEvaluation(r: Row): EvaluationRecord {
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.metrics as Record<string, number | null>))
    metrics[k] = v == null ? Number.NaN : Number(v);
  return evaluationFromRow(r, { metrics, passes: r.passes as Record<string, boolean> }, (v) => v);
}

/** A run's evaluations in `seq` order with their metrics. */
export async function readEvaluations(q: Queryable, runId: string): Promise<EvaluationRecord[]> {
  // Two indexed range scans merged here: cheaper than aggregating metrics per row in SQL (the export does that).
  const [ev, ms] = await Promise.all([
    q.query(
      `SELECT run_id, seq, prompt_hash, case_id, case_index, repeat, output, error, latency_ms, input_tokens,
         output_tokens, cost_usd, model, cached, ${iso('created_at')} AS created_at, vars, expected
       FROM evaluations WHERE run_id = $1 ORDER BY seq`,
      [runId],
    ),
    q.query('SELECT seq, name, value, pass FROM metrics WHERE run_id = $1', [runId]),
  ]);
  const bySeq = new Map<
    number,
    { metrics: Record<string, number | null>; passes: Record<string, boolean> }
  >();
  for (const m of ms.rows) {
    const entry = bySeq.get(Number(m.seq)) ?? { metrics: {}, passes: {} };
    entry.metrics[String(m.name)] = m.value;
    if (m.pass != null) entry.passes[String(m.name)] = Boolean(m.pass);
    bySeq.set(Number(m.seq), entry);
  }
  return ev.rows.map((row) =>
    toEvaluation({ ...row, ...(bySeq.get(Number(row.seq)) ?? { metrics: {}, passes: {} }) }),
  );
}

const jsonOrNull = (v: unknown) => (v === undefined ? null : pgJson(v));

/** Bulk insert through arrays (one statement per table); a (run, seq) already stored is left as it is. */
export async function insertEvaluations(c: pg.PoolClient, rows: readonly EvaluationRecord[]): Promise<void> {
  await c.query(
    `INSERT INTO evaluations (run_id, seq, prompt_hash, case_id, case_index, repeat, output, error, latency_ms,
       input_tokens, output_tokens, cost_usd, model, cached, created_at, vars, expected)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[],
       $8::text[], $9::float8[], $10::int[], $11::int[], $12::float8[], $13::text[], $14::bool[], $15::timestamptz[],
       $16::jsonb[], $17::jsonb[])
     ON CONFLICT (run_id, seq) DO NOTHING`,
    [
      rows.map((r) => r.runId),
      rows.map((r) => r.seq),
      rows.map((r) => r.promptHash),
      rows.map((r) => pgText(r.caseId)),
      rows.map((r) => r.caseIndex),
      rows.map((r) => r.repeat),
      rows.map((r) => pgText(r.output)),
      rows.map((r) => (r.error === undefined ? null : pgText(r.error))),
      rows.map((r) => r.latencyMs),
      rows.map((r) => r.inputTokens),
      rows.map((r) => r.outputTokens),
      rows.map((r) => (r.costUsd === undefined || !Number.isFinite(r.costUsd) ? null : r.costUsd)),
      rows.map((r) => r.model),
      rows.map((r) => r.cached),
      rows.map((r) => r.createdAt),
      rows.map((r) => jsonOrNull(r.vars)),
      rows.map((r) => jsonOrNull(r.expected)),
    ],
  );
  const m = {
    run: [] as string[],
    seq: [] as number[],
    name: [] as string[],
    value: [] as (number | null)[],
    pass: [] as (boolean | null)[],
  };
  for (const r of rows) {
    for (const [name, value] of Object.entries(r.metrics)) {
      m.run.push(r.runId);
      m.seq.push(r.seq);
      m.name.push(name);
      m.value.push(Number.isFinite(value) ? value : null);
      m.pass.push(r.passes[name] ?? null);
    }
  }
  if (m.run.length === 0) return;
  await c.query(
    `INSERT INTO metrics (run_id, seq, name, value, pass)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::float8[], $5::bool[])
     ON CONFLICT (run_id, seq, name) DO NOTHING`,
    [m.run, m.seq, m.name, m.value, m.pass],
  );
}
