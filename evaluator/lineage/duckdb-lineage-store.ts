/**
 * Lineage records in the results database (`.evohub/results.duckdb`, table `lineage`): one row per prompt
 * version an evolution produced, keyed by content hash, with its parents as an adjacency list. Indexes on hash
 * and run id. An ancestry query loads the whole run of the queried version in one indexed lookup (most
 * ancestors were made by the same run) and walks it in memory; only ancestors outside that run (the original,
 * earlier runs) cost one more lookup per level.
 */
import { type DuckDBConnection, timestampValue } from '@duckdb/node-api';
import { type AncestryEntry, type LineageRecord, walkAncestry } from '../../core/evolve/lineage.ts';
import { withConnection } from '../store/duckdb-open.ts';

export const LINEAGE_DDL = [
  `CREATE TABLE IF NOT EXISTS lineage (
    hash VARCHAR NOT NULL, name VARCHAR NOT NULL, run_id VARCHAR NOT NULL, candidate_id INTEGER NOT NULL,
    generation INTEGER NOT NULL, operator VARCHAR NOT NULL, parents VARCHAR NOT NULL, fitness VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS lineage_hash ON lineage (hash)',
  'CREATE INDEX IF NOT EXISTS lineage_run ON lineage (run_id)',
];

export async function ensureLineageTable(conn: DuckDBConnection): Promise<void> {
  for (const sql of LINEAGE_DDL) await conn.run(sql);
}

/**
 * Inserts records; a hash already stored keeps its first record (a version has one origin), and so does the first
 * of a batch. In bulk: the batch is appended to a temporary table, then moved over with one anti-join INSERT
 * (row-by-row inserts cost ~1.5 ms each: 30 s for 20,000 candidates).
 */
export async function insertLineage(
  conn: DuckDBConnection,
  records: readonly LineageRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const fresh = new Map<string, LineageRecord>();
  for (const r of records) if (!fresh.has(r.hash)) fresh.set(r.hash, r);
  await conn.run('CREATE TEMP TABLE IF NOT EXISTS lineage_incoming AS SELECT * FROM lineage LIMIT 0');
  await conn.run('DELETE FROM lineage_incoming');
  await appendLineage(conn, fresh.values(), { table: 'lineage_incoming', catalog: 'temp' });
  await conn.run(
    `INSERT INTO lineage SELECT i.* FROM lineage_incoming i
     WHERE NOT EXISTS (SELECT 1 FROM lineage l WHERE l.hash = i.hash)`,
  );
  await conn.run('DELETE FROM lineage_incoming');
}

/** Bulk load through DuckDB's Appender (records must be new and distinct: no duplicate check). */
export async function appendLineage(
  conn: DuckDBConnection,
  records: Iterable<LineageRecord>,
  into: { table: string; catalog?: string } = { table: 'lineage' },
): Promise<number> {
  const app = await conn.createAppender(into.table, 'main', into.catalog ?? null);
  let n = 0;
  for (const r of records) {
    app.appendVarchar(r.hash);
    app.appendVarchar(r.name);
    app.appendVarchar(r.runId);
    app.appendInteger(r.candidateId);
    app.appendInteger(r.generation);
    app.appendVarchar(r.operator);
    app.appendVarchar(JSON.stringify(r.parents));
    app.appendVarchar(JSON.stringify(r.fitness));
    app.appendTimestamp(timestampValue(BigInt(Date.parse(r.createdAt)) * 1000n));
    app.endRow();
    n++;
  }
  app.closeSync();
  return n;
}

function toRecord(row: Record<string, unknown>): LineageRecord {
  return {
    hash: String(row.hash),
    name: String(row.name),
    runId: String(row.run_id),
    candidateId: Number(row.candidate_id),
    generation: Number(row.generation),
    operator: String(row.operator),
    parents: JSON.parse(String(row.parents)) as string[],
    fitness: JSON.parse(String(row.fitness)) as Record<string, number>,
    createdAt: String(row.created_at),
  };
}

const COLUMNS = `hash, name, run_id, candidate_id, generation, operator, parents, fitness,
  strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at`;

async function select(conn: DuckDBConnection, where: string, params: string[]): Promise<LineageRecord[]> {
  const reader = await conn.runAndReadAll(`SELECT ${COLUMNS} FROM lineage WHERE ${where}`, params);
  return reader.getRowObjectsJson().map((row) => toRecord(row as Record<string, unknown>));
}

/** Records of these hashes (absent ones are missing from the map). */
export async function lookupLineage(
  conn: DuckDBConnection,
  hashes: readonly string[],
): Promise<Map<string, LineageRecord>> {
  const out = new Map<string, LineageRecord>();
  for (let i = 0; i < hashes.length; i += 500) {
    const chunk = hashes.slice(i, i + 500);
    // One equality lookup per hash (each uses the index; a long IN list may make DuckDB scan instead).
    const where = chunk.map(() => 'hash = ?').join(' OR ');
    for (const rec of await select(conn, chunk.length === 1 ? 'hash = ?' : `(${where})`, chunk)) {
      if (!out.has(rec.hash)) out.set(rec.hash, rec);
    }
  }
  return out;
}

export async function tableExists(conn: DuckDBConnection, name: string): Promise<boolean> {
  const r = await conn.runAndReadAll(
    'SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = ?',
    [name],
  );
  return Number(r.getRowObjectsJson()[0]?.n ?? 0) > 0;
}

/** Ancestry of a version on an open connection (nearest first); empty when the table does not exist. */
export async function ancestryOn(conn: DuckDBConnection, hash: string): Promise<AncestryEntry[]> {
  if (!(await tableExists(conn, 'lineage'))) return [];
  const self = (await lookupLineage(conn, [hash])).get(hash);
  if (!self) return [];
  const local = new Map<string, LineageRecord>();
  for (const r of await select(conn, 'run_id = ?', [self.runId]))
    if (!local.has(r.hash)) local.set(r.hash, r);
  return walkAncestry(hash, async (hs) => {
    const out = new Map<string, LineageRecord>();
    const missing: string[] = [];
    for (const h of hs) {
      const r = local.get(h);
      if (r) out.set(h, r);
      else missing.push(h);
    }
    if (missing.length > 0) for (const [h, r] of await lookupLineage(conn, missing)) out.set(h, r);
    return out;
  });
}

/** Opens the results database read-only for one ancestry query. */
export async function readAncestry(dbPath: string, hash: string): Promise<AncestryEntry[]> {
  return withConnection(dbPath, { readOnly: true }, (conn) => ancestryOn(conn, hash));
}
