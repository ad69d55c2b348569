/**
 * Moves a DuckDB results file into PostgreSQL: runs, prompt versions, evaluations with their metrics, lineage,
 * checkpoints and paid-call ledgers. Every write is an upsert, so running it again (or after an interruption) copies nothing
 * twice; at the end the rows of every copied key are counted on both sides.
 */
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { FailedCheckError, NotFoundError } from '../../core/errors.ts';
import type { LineageRecord } from '../../core/evolve/lineage.ts';
import { tableExists } from '../lineage/duckdb-lineage-store.ts';
import { withConnection } from './duckdb-open.ts';
import { DuckDbResultsStore } from './duckdb-results-store.ts';
import type { PostgresResultsStore } from './postgres/postgres-results-store.ts';

export type TableCount = { table: string; source: number; target: number };
export type CopyReport = { counts: TableCount[] };

type Snapshot = {
  promptVersions: { hash: string; name: string; content: unknown; parents: string[]; createdAt: string }[];
  evaluationRuns: string[];
  lineage: LineageRecord[];
  checkpoints: { runId: string; generation: number; state: unknown }[];
  /** Runs with a paid-call ledger. */
  paidCallRuns: string[];
  /** Distinct keys per table, as the target will count them. */
  counts: Record<string, number>;
};

const ISO = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S.%gZ')`;

async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

async function count(conn: DuckDBConnection, sql: string): Promise<number> {
  return Number((await rows(conn, sql))[0]?.n ?? 0);
}

/** What the port does not list (versions, evaluation run ids, lineage, checkpoints), read in one snapshot. */
async function snapshot(conn: DuckDBConnection): Promise<Snapshot> {
  const has = async (t: string) => tableExists(conn, t);
  const out: Snapshot = {
    promptVersions: [],
    evaluationRuns: [],
    lineage: [],
    checkpoints: [],
    paidCallRuns: [],
    counts: {},
  };
  if (await has('prompt_versions')) {
    out.promptVersions = (
      await rows(
        conn,
        `SELECT hash, name, content, parents, ${ISO('created_at')} AS created_at FROM prompt_versions`,
      )
    ).map((r) => ({
      hash: String(r.hash),
      name: String(r.name),
      content: JSON.parse(String(r.content)),
      parents: JSON.parse(String(r.parents)) as string[],
      createdAt: String(r.created_at),
    }));
  }
  if (await has('evaluations')) {
    out.evaluationRuns = (await rows(conn, 'SELECT DISTINCT run_id FROM evaluations ORDER BY run_id')).map(
      (r) => String(r.run_id),
    );
    out.counts.runs = await count(conn, 'SELECT count(DISTINCT id)::INTEGER AS n FROM runs');
    out.counts.evaluations = await count(
      conn,
      'SELECT count(*)::INTEGER AS n FROM (SELECT DISTINCT run_id, seq FROM evaluations)',
    );
    out.counts.metrics = await count(
      conn,
      'SELECT count(*)::INTEGER AS n FROM (SELECT DISTINCT run_id, seq, name FROM metrics)',
    );
  }
  out.counts.prompt_versions = out.promptVersions.length;
  if (await has('lineage')) {
    out.lineage = (
      await rows(
        conn,
        `SELECT hash, name, run_id, candidate_id, generation, operator, parents, fitness,
           ${ISO('created_at')} AS created_at FROM lineage ORDER BY created_at, run_id, candidate_id`,
      )
    ).map((r) => ({
      hash: String(r.hash),
      name: String(r.name),
      runId: String(r.run_id),
      candidateId: Number(r.candidate_id),
      generation: Number(r.generation),
      operator: String(r.operator),
      parents: JSON.parse(String(r.parents)) as string[],
      fitness: JSON.parse(String(r.fitness)) as Record<string, number>,
      createdAt: String(r.created_at),
    }));
    out.counts.lineage = new Set(out.lineage.map((l) => l.hash)).size;
  }
  if (await has('checkpoints')) {
    out.checkpoints = (await rows(conn, 'SELECT run_id, generation, state FROM checkpoints')).map((r) => ({
      runId: String(r.run_id),
      generation: Number(r.generation),
      state: JSON.parse(String(r.state)),
    }));
    out.counts.checkpoints = out.checkpoints.length;
  }
  if (await has('paid_calls')) {
    out.paidCallRuns = (await rows(conn, 'SELECT DISTINCT run_id FROM paid_calls ORDER BY run_id')).map((r) =>
      String(r.run_id),
    );
    out.counts.paid_calls = await count(
      conn,
      'SELECT count(*)::INTEGER AS n FROM (SELECT DISTINCT run_id, call_key FROM paid_calls)',
    );
  }
  return out;
}

export async function copyDuckDbToPostgres(
  fromPath: string,
  target: PostgresResultsStore,
  onProgress: (line: string) => void = () => undefined,
): Promise<CopyReport> {
  if (!existsSync(fromPath)) {
    throw new NotFoundError(`no DuckDB results file at ${fromPath}`, {
      hint: 'pass --from <path to results.duckdb>',
    });
  }
  const snap = await withConnection(fromPath, { readOnly: true }, snapshot);
  const source = new DuckDbResultsStore(fromPath, { mode: 'read' });
  const runs = await source.listRuns();
  for (const run of runs) await target.saveRun(run);
  onProgress(`runs: ${runs.length}`);
  for (const v of snap.promptVersions) await target.savePromptVersion(v);
  let evaluations = 0;
  for (const runId of snap.evaluationRuns) {
    const evs = await source.evaluations(runId);
    await target.appendEvaluations(evs);
    await target.flush();
    evaluations += evs.length;
  }
  onProgress(`evaluations: ${evaluations} in ${snap.evaluationRuns.length} runs`);
  // Oldest first, so that a version's first record is the one kept, as in the source.
  for (let i = 0; i < snap.lineage.length; i += 1000)
    await target.recordLineage(snap.lineage.slice(i, i + 1000));
  for (const c of snap.checkpoints) await target.saveCheckpoint(c.runId, c.generation, c.state, []);
  let paid = 0;
  for (const runId of snap.paidCallRuns) {
    const calls = await source.paidCalls(runId);
    await target.savePaidCalls(runId, calls);
    paid += calls.length;
  }
  if (snap.paidCallRuns.length > 0) onProgress(`paid calls: ${paid} in ${snap.paidCallRuns.length} runs`);
  const targetCounts = await target.countKeys({
    runs: runs.map((r) => r.id),
    promptVersions: snap.promptVersions.map((v) => v.hash),
    evaluationRuns: snap.evaluationRuns,
    lineage: [...new Set(snap.lineage.map((l) => l.hash))],
    checkpoints: snap.checkpoints.map((c) => [c.runId, c.generation] as [string, number]),
    paidCallRuns: snap.paidCallRuns,
  });
  const counts = Object.entries(snap.counts).map(([table, n]) => ({
    table,
    source: n,
    target: targetCounts[table] ?? 0,
  }));
  // A target may hold more (it is shared); fewer means rows are missing.
  const wrong = counts.filter((c) => c.target < c.source);
  if (wrong.length > 0) {
    throw new FailedCheckError(
      `the copy is incomplete: ${wrong.map((c) => `${c.table} ${c.target} of ${c.source}`).join(', ')}`,
      { hint: 'run `evohub db copy` again; it only adds what is missing' },
    );
  }
  return { counts };
}
