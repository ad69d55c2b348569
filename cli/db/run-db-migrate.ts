import type { CliContext } from '../context.ts';
import { findRepoRoot } from '../shared/resolve-prompt.ts';
import { postgresTarget } from './postgres-target.ts';

export type DbMigrateFlags = { resultsUrl?: string; json?: boolean };

/** `evohub db migrate`: applies pending PostgreSQL migrations and says which. */
export async function runDbMigrate(ctx: CliContext, flags: DbMigrateFlags): Promise<void> {
  const root = findRepoRoot(ctx.cwd);
  const store = await postgresTarget(ctx, {
    repoRoot: root,
    flag: flags.resultsUrl,
    flagName: '--results-url',
    mode: 'write',
  });
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
