import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
var s="results store: a DuckDB file or postgres://user@host/db (default: EVOHUB_RESULTS_URL, results in evohub.yaml, else .evohub/results.duckdb; password from PGPASSWORD)";export{s as a};
