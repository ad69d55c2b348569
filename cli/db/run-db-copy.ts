import { resolve } from 'node:path';
import { copyDuckDbToPostgres } from '../../evaluator/store/copy-duckdb-to-postgres.ts';
import { defaultResultsPath } from '../../evaluator/store/duckdb-results-store.ts';
import type { CliContext } from '../context.ts';
import { findRepoRoot } from '../shared/resolve-prompt.ts';
import { postgresTarget } from './postgres-target.ts';

export type DbCopyFlags = { from?: string; to?: string; json?: boolean };

/** `evohub db copy`: DuckDB file → PostgreSQL (migrating it first), then the per-table counts. */
export async function runDbCopy(ctx: CliContext, flags: DbCopyFlags): Promise<void> {
  const root = findRepoRoot(ctx.cwd);
  const from = flags.from ? resolve(ctx.cwd, flags.from) : defaultResultsPath(root);
  const target = await postgresTarget(ctx, {
    repoRoot: root,
    flag: flags.to,
    flagName: '--to',
    mode: 'write',
  });
  try {
    await target.migrate();
    const report = await copyDuckDbToPostgres(from, target, (line) => {
      if (!flags.json) ctx.stderr.write(`${line}\n`);
    });
    if (flags.json) {
      ctx.stdout.write(`${JSON.stringify({ from, to: target.description, ...report })}\n`);
      return;
    }
    ctx.stdout.write(`copied ${from} → ${target.description}\n`);
    for (const c of report.counts) ctx.stdout.write(`  ${c.table.padEnd(16)} ${c.source} → ${c.target}\n`);
  } finally {
    await target.close();
  }
}
