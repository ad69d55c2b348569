/** The `--results-url` help text; its own file so that declaring a command loads no database driver. */
export const RESULTS_URL_HELP =
  'results store: a DuckDB file or postgres://user@host/db (default: EVOHUB_RESULTS_URL, results in evohub.yaml, else .evohub/results.duckdb; password from PGPASSWORD)';
