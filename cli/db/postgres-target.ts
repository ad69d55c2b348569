import { readEvohubConfig } from '../../core/config/index.ts';
import { UsageError } from '../../core/errors.ts';
import {
  PostgresResultsStore,
  type PostgresStoreOptions,
} from '../../evaluator/store/postgres/postgres-results-store.ts';
import { isPostgresUrl } from '../../evaluator/store/postgres/postgres-url.ts';
import { describeResultsLocation, resultsLocation } from '../../evaluator/store/results-store-factory.ts';
import type { CliContext } from '../context.ts';

/** The PostgreSQL store a `db` sub-command works on; a DuckDB location is a usage error naming the flag. */
export async function postgresTarget(
  ctx: CliContext,
  o: { repoRoot: string; flag?: string; flagName: string; mode: PostgresStoreOptions['mode'] },
): Promise<PostgresResultsStore> {
  const config = await readEvohubConfig(o.repoRoot);
  const location = resultsLocation({ flag: o.flag, env: ctx.env, config, repoRoot: o.repoRoot });
  if (!isPostgresUrl(location)) {
    throw new UsageError(`${describeResultsLocation(location)} is not a PostgreSQL URL`, {
      hint: `pass ${o.flagName} postgres://user@host:5432/db, or set results: in evohub.yaml`,
    });
  }
  return new PostgresResultsStore(location, { mode: o.mode, autoMigrate: false });
}
