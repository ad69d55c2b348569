/** The `lineage` table of the PostgreSQL store: bulk insert (first record wins) and ancestry walks. */
import type pg from 'pg';
import { type AncestryEntry, type LineageRecord, walkAncestry } from '../../../core/evolve/lineage.ts';
import { iso, pgJson, type Queryable, type Row } from './postgres-sql.ts';

const LINEAGE_COLUMNS = `hash, name, run_id, candidate_id, generation, operator, parents, fitness,
  ${iso('created_at')} AS created_at`;

function toLineage(r: Row): LineageRecord {
  return {
    hash: String(r.hash),
    name: String(r.name),
    runId: String(r.run_id),
    candidateId: Number(r.candidate_id),
    generation: Number(r.generation),
    operator: String(r.operator),
    parents: r.parents as string[],
    fitness: r.fitness as Record<string, number>,
    createdAt: String(r.created_at),
  };
}

/** A hash already stored keeps its first record (a version has one origin); so does the first of a batch. */
export async function insertLineage(c: pg.PoolClient, records: readonly LineageRecord[]): Promise<void> {
  if (records.length === 0) return;
  await c.query(
    `INSERT INTO lineage (hash, name, run_id, candidate_id, generation, operator, parents, fitness, created_at)
     SELECT h, n, r, c, g, o, p, f, at FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[],
       $6::text[], $7::jsonb[], $8::jsonb[], $9::timestamptz[]) WITH ORDINALITY AS t(h, n, r, c, g, o, p, f, at, ord)
     ORDER BY ord ON CONFLICT (hash) DO NOTHING`,
    [
      records.map((r) => r.hash),
      records.map((r) => r.name),
      records.map((r) => r.runId),
      records.map((r) => r.candidateId),
      records.map((r) => r.generation),
      records.map((r) => r.operator),
      records.map((r) => pgJson(r.parents)),
      records.map((r) => pgJson(r.fitness)),
      records.map((r) => r.createdAt),
    ],
  );
}

/** Ancestry nearest first: the version's whole run in one indexed query, other runs' ancestors as needed. */
export async function ancestryOf(q: Queryable, hash: string): Promise<AncestryEntry[]> {
  const lookup = async (hashes: readonly string[]) => {
    const r = await q.query(`SELECT ${LINEAGE_COLUMNS} FROM lineage WHERE hash = ANY($1)`, [hashes]);
    return new Map(r.rows.map((row) => [String(row.hash), toLineage(row)] as const));
  };
  const self = (await lookup([hash])).get(hash);
  if (!self) return [];
  // Most ancestors come from the same run: one indexed query loads them all.
  const local = new Map<string, LineageRecord>();
  const r = await q.query(`SELECT ${LINEAGE_COLUMNS} FROM lineage WHERE run_id = $1`, [self.runId]);
  for (const row of r.rows) local.set(String(row.hash), toLineage(row));
  return walkAncestry(hash, async (hs) => {
    const out = new Map<string, LineageRecord>();
    const missing = hs.filter((h) => {
      const rec = local.get(h);
      if (rec) out.set(h, rec);
      return !rec;
    });
    if (missing.length > 0) for (const [h, rec] of await lookup(missing)) out.set(h, rec);
    return out;
  });
}
