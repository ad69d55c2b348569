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
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
