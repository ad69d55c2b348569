/** Prompt versions by hash prefix (`show name@<hash>`, `--candidate`), with the runs that evaluated each. */
import type { PromptVersionRecord } from '../../../core/ports/results-store.ts';
import { iso, type Queryable } from './postgres-sql.ts';

export type FoundVersion = PromptVersionRecord & { runs: string[] };

export async function findVersions(
  q: Queryable,
  prefix: string,
  opts: { name?: string; limit?: number } = {},
): Promise<FoundVersion[]> {
  const limit = Math.max(1, Math.floor(opts.limit ?? 20));
  // LIKE with the wildcards escaped: a prefix scan of the hash index (text_pattern_ops, migration 0003).
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const r = await q.query(
    `SELECT v.hash, v.name, v.content, v.parents, ${iso('v.created_at')} AS created_at,
       coalesce((SELECT array_agg(run_id ORDER BY first, run_id) FROM (
         SELECT run_id, min(created_at) AS first FROM evaluations WHERE prompt_hash = v.hash GROUP BY run_id) e),
         '{}') AS runs
     FROM prompt_versions v WHERE v.hash LIKE $1 AND ($2::text IS NULL OR v.name = $2)
     ORDER BY v.hash LIMIT $3`,
    [pattern, opts.name ?? null, limit],
  );
  return r.rows.map((row) => ({
    hash: String(row.hash),
    name: String(row.name),
    content: row.content,
    parents: row.parents as string[],
    createdAt: String(row.created_at),
    runs: (row.runs as string[]).map(String),
  }));
}
