import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';
import { RESULTS_URL_HELP } from './results-url-option.ts';

export const dbCommand: CommandModule = {
  name: 'db',
  summary: 'results database: apply PostgreSQL migrations; copy a DuckDB store into PostgreSQL',
  create: (ctx) => {
    const db = new Command('db')
      .summary('results database: migrate PostgreSQL; copy DuckDB into PostgreSQL')
      .description(
        'Manage the results store. `migrate` applies the versioned schema to a PostgreSQL store (safe to run from several processes at once); `copy` moves a DuckDB results file into PostgreSQL (idempotent, counts verified).',
      );
    db.command('migrate')
      .description(
        'Apply pending migrations to the results store: PostgreSQL (evaluator/store/postgres/migrations) or the DuckDB file (evaluator/store/migrations.ts; a DuckDB writer also applies them on its first write, and is refused while another process writes).',
      )
      .option('--results-url <url>', RESULTS_URL_HELP)
      .option('--json', 'print {store, applied, version} as JSON')
      .addHelpText(
        'after',
        `
Examples:
  PGPASSWORD=… npx evohub db migrate --results-url postgres://evohub@db.internal:5432/evohub
  npx evohub db migrate            # the store named by results: in evohub.yaml, else .evohub/results.duckdb`,
      )
      .action(async (opts: Record<string, unknown>) => {
        const { runDbMigrate } = await import('./run-db-migrate.ts');
        await runDbMigrate(ctx, opts);
      });
    db.command('copy')
      .description(
        'Copy runs, prompt versions, evaluations with metrics, lineage and checkpoints from a DuckDB results file into PostgreSQL. Running it again copies nothing twice; it ends by comparing row counts per table.',
      )
      .option('--from <path>', 'DuckDB results file (default .evohub/results.duckdb)')
      .option(
        '--to <url>',
        'PostgreSQL URL (default: --results-url, EVOHUB_RESULTS_URL or results: in evohub.yaml)',
      )
      .option('--json', 'print the per-table counts as JSON')
      .addHelpText(
        'after',
        `
Example:
  npx evohub db copy --from .evohub/results.duckdb --to postgres://evohub@db.internal:5432/evohub`,
      )
      .action(async (opts: Record<string, unknown>) => {
        const { runDbCopy } = await import('./run-db-copy.ts');
        await runDbCopy(ctx, opts);
      });
    return db;
  },
};
