/**
 * How a command finds its results store: `--results-url`, else EVOHUB_RESULTS_URL, else `results:` in
 * evohub.yaml, else `.evohub/results.duckdb`. Opening goes through the one factory keyed by URL scheme.
 */
import type { ResultsStore } from '../../core/ports/results-store.ts';
import {
  describeResultsLocation,
  openResultsStoreAt,
  resultsLocation,
  type StoreMode,
} from '../../evaluator/store/results-store-factory.ts';
import type { CliContext } from '../context.ts';

export type CommandStore = { store: ResultsStore; location: string; description: string };

export function openCommandStore(
  ctx: CliContext,
  o: { repoRoot: string; flag?: string; config?: { results?: string }; mode: StoreMode },
): CommandStore {
  const location = resultsLocation({ flag: o.flag, env: ctx.env, config: o.config, repoRoot: o.repoRoot });
  return {
    store: openResultsStoreAt(location, { repoRoot: o.repoRoot, mode: o.mode }),
    location,
    description: describeResultsLocation(location),
  };
}
