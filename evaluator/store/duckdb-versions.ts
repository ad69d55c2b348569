/** Prompt versions by hash prefix (`show name@<hash>`, `--candidate`), with the runs that evaluated each. */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PromptVersionRecord } from '../../core/ports/results-store.ts';
import { tableExists } from '../lineage/duckdb-lineage-store.ts';
import { ISO, type Row } from './duckdb-sql.ts';

export type FoundVersion = PromptVersionRecord & { runs: string[] };

export async function findVersionsOn(
  conn: DuckDBConnection,
  prefix: string,
  opts: { name?: string; limit?: number } = {},
): Promise<FoundVersion[]> {
  if (!(await tableExists(conn, 'prompt_versions'))) return [];
  const limit = Math.max(1, Math.floor(opts.limit ?? 20));
  const byName = opts.name === undefined ? '' : 'AND name = $name';
  const r = await conn.runAndReadAll(
    `SELECT hash, name, content, parents, ${ISO('created_at')} AS created_at FROM prompt_versions
     WHERE starts_with(hash, $prefix) ${byName} ORDER BY hash LIMIT ${limit}`,
    { prefix, ...(opts.name === undefined ? {} : { name: opts.name }) },
  );
  const out: FoundVersion[] = [];
  for (const row of r.getRowObjectsJson() as Row[]) {
    const hash = String(row.hash);
    const runs = await conn.runAndReadAll(
      'SELECT run_id FROM evaluations WHERE prompt_hash = ? GROUP BY run_id ORDER BY min(created_at), run_id',
      [hash],
    );
    out.push({
      hash,
      name: String(row.name),
      content: JSON.parse(String(row.content)),
      parents: JSON.parse(String(row.parents)) as string[],
      createdAt: String(row.created_at),
      runs: runs.getRowObjectsJson().map((x) => String(x.run_id)),
    });
  }
  return out;
}
