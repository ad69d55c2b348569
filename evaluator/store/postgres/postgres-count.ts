/** How many rows of given keys a PostgreSQL store holds, per table (`evohub db copy` verifies with it). */
import type { Queryable } from './postgres-sql.ts';

export type CopiedKeys = {
  runs: string[];
  promptVersions: string[];
  evaluationRuns: string[];
  lineage: string[];
  checkpoints: [string, number][];
  /** Runs whose paid calls were copied. */
  paidCallRuns: string[];
};

export async function countKeysOn(q: Queryable, keys: CopiedKeys): Promise<Record<string, number>> {
  const n = async (sql: string, params: unknown[]) => Number((await q.query(sql, params)).rows[0]?.n ?? 0);
  return {
    runs: await n('SELECT count(*)::int AS n FROM runs WHERE id = ANY($1)', [keys.runs]),
    prompt_versions: await n('SELECT count(*)::int AS n FROM prompt_versions WHERE hash = ANY($1)', [
      keys.promptVersions,
    ]),
    evaluations: await n('SELECT count(*)::int AS n FROM evaluations WHERE run_id = ANY($1)', [
      keys.evaluationRuns,
    ]),
    metrics: await n('SELECT count(*)::int AS n FROM metrics WHERE run_id = ANY($1)', [keys.evaluationRuns]),
    lineage: await n('SELECT count(*)::int AS n FROM lineage WHERE hash = ANY($1)', [keys.lineage]),
    checkpoints: await n(
      `SELECT count(*)::int AS n FROM checkpoints c
       JOIN unnest($1::text[], $2::int[]) AS k(run_id, generation) USING (run_id, generation)`,
      [keys.checkpoints.map((k) => k[0]), keys.checkpoints.map((k) => k[1])],
    ),
    paid_calls: await n('SELECT count(*)::int AS n FROM paid_calls WHERE run_id = ANY($1)', [
      keys.paidCallRuns,
    ]),
  };
}
