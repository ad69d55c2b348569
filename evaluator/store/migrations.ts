/**
 * Versioned schema of the results database. Append a migration to change it; never edit an applied one.
 * Times are UTC TIMESTAMPs; JSON documents are stored as text.
 */
export type Migration = { version: number; description: string; statements: readonly string[] };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, prompt versions, evaluations and their metrics',
    statements: [
      `CREATE TABLE runs (
        id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, prompt_name VARCHAR NOT NULL, prompt_file VARCHAR NOT NULL,
        provider VARCHAR NOT NULL, simulated BOOLEAN NOT NULL, status VARCHAR NOT NULL,
        started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, options VARCHAR NOT NULL, summary VARCHAR, note VARCHAR)`,
      `CREATE TABLE prompt_versions (
        hash VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, content VARCHAR NOT NULL, parents VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL)`,
      `CREATE TABLE evaluations (
        run_id VARCHAR NOT NULL, seq INTEGER NOT NULL, prompt_hash VARCHAR NOT NULL, case_id VARCHAR NOT NULL,
        case_index INTEGER NOT NULL, repeat INTEGER NOT NULL, output VARCHAR NOT NULL, error VARCHAR,
        latency_ms DOUBLE NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cost_usd DOUBLE,
        model VARCHAR NOT NULL, cached BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL)`,
      `CREATE TABLE metrics (
        run_id VARCHAR NOT NULL, seq INTEGER NOT NULL, name VARCHAR NOT NULL, value DOUBLE, pass BOOLEAN)`,
    ],
  },
  {
    version: 2,
    description: "paid calls of a run (its ledger, each call once): the run's spend is their sum",
    statements: [
      `CREATE TABLE paid_calls (
        run_id VARCHAR NOT NULL, call_key VARCHAR NOT NULL, cost_usd DOUBLE NOT NULL, PRIMARY KEY (run_id, call_key))`,
    ],
  },
  {
    version: 3,
    description: "each evaluation's input variables and expected value (JSON); older rows keep NULL",
    statements: [
      'ALTER TABLE evaluations ADD COLUMN vars VARCHAR',
      'ALTER TABLE evaluations ADD COLUMN expected VARCHAR',
    ],
  },
  {
    version: 4,
    description:
      "each run's number (runs numbered as first written), on its evaluations and metrics: a run's page reads " +
      'the blocks whose min/max statistics hold its number instead of scanning every row',
    // Not an index on run_id: DuckDB rewrote the whole index at every batch's checkpoint (1M rows written at half
    // the speed) and fetching a run's 1,000 rows through it was slower than the scan (bench/results-store.ts).
    statements: [
      'CREATE TABLE run_numbers (run_id VARCHAR PRIMARY KEY, run_no INTEGER NOT NULL)',
      `INSERT INTO run_numbers SELECT run_id, (row_number() OVER (ORDER BY min(first)))::INTEGER FROM (
        SELECT run_id, min(rowid) AS first FROM evaluations GROUP BY run_id
        UNION ALL SELECT run_id, min(rowid) FROM metrics GROUP BY run_id) GROUP BY run_id`,
      'ALTER TABLE evaluations ADD COLUMN run_no INTEGER',
      'UPDATE evaluations e SET run_no = n.run_no FROM run_numbers n WHERE n.run_id = e.run_id',
      'ALTER TABLE metrics ADD COLUMN run_no INTEGER',
      'UPDATE metrics m SET run_no = n.run_no FROM run_numbers n WHERE n.run_id = m.run_id',
    ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
