import { readEvohubConfig } from '../../core/config/index.ts';
import { DuckDbResultsStore } from '../../evaluator/store/duckdb-results-store.ts';
import { isPostgresUrl } from '../../evaluator/store/postgres/postgres-url.ts';
import {
  describeResultsLocation,
  duckdbFile,
  resultsLocation,
} from '../../evaluator/store/results-store-factory.ts';
import type { CliContext } from '../context.ts';
import { findRepoRoot } from '../shared/resolve-prompt.ts';
import { postgresTarget } from './postgres-target.ts';

export type DbMigrateFlags = { resultsUrl?: string; json?: boolean };

type Migratable = {
  description: string;
  migrate(): Promise<{ applied: number[]; version: number }>;
  close(): Promise<void>;
};

/** The store to migrate: PostgreSQL, or the DuckDB file (which a writer would otherwise migrate on its own). */
async function target(ctx: CliContext, root: string, flag: string | undefined): Promise<Migratable> {
  const config = await readEvohubConfig(root);
  const location = resultsLocation({ flag, env: ctx.env, config, repoRoot: root });
  if (isPostgresUrl(location)) {
    return postgresTarget(ctx, { repoRoot: root, flag, flagName: '--results-url', mode: 'write' });
  }
  const path = duckdbFile(location, root);
  const store = new DuckDbResultsStore(path, { mode: 'write' });
  return {
    description: describeResultsLocation(path),
    migrate: () => store.migrate(),
    close: () => store.close(),
  };
}

/** `evohub db migrate`: applies pending migrations and says which. */
export async function runDbMigrate(ctx: CliContext, flags: DbMigrateFlags): Promise<void> {
  const root = findRepoRoot(ctx.cwd);
  const store = await target(ctx, root, flags.resultsUrl);
  try {
    const { applied, version } = await store.migrate();
    if (flags.json) {
      ctx.stdout.write(`${JSON.stringify({ store: store.description, applied, version })}\n`);
    } else if (applied.length === 0) {
      ctx.stdout.write(`${store.description} is up to date (schema version ${version})\n`);
    } else {
      ctx.stdout.write(
        `${store.description}: applied migration${applied.length > 1 ? 's' : ''} ${applied.join(', ')} (schema version ${version})\n`,
      );
    }
  } finally {
    await store.close();
  }
}
