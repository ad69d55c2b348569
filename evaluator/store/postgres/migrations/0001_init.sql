-- Runs, prompt versions (candidates), evaluations with their metrics, lineage and checkpoints.
-- Every table has a natural key so that concurrent writers upsert (ON CONFLICT) instead of duplicating.
CREATE TABLE runs (
  id text PRIMARY KEY,
  kind text NOT NULL,
  prompt_name text NOT NULL,
  prompt_file text NOT NULL,
  provider text NOT NULL,
  simulated boolean NOT NULL,
  status text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  options jsonb NOT NULL,
  summary jsonb,
  note text
);
CREATE INDEX runs_started ON runs (started_at, id);

CREATE TABLE prompt_versions (
  hash text PRIMARY KEY,
  name text NOT NULL,
  content jsonb NOT NULL,
  parents jsonb NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE evaluations (
  run_id text NOT NULL,
  seq integer NOT NULL,
  prompt_hash text NOT NULL,
  case_id text NOT NULL,
  case_index integer NOT NULL,
  repeat integer NOT NULL,
  output text NOT NULL,
  error text,
  latency_ms double precision NOT NULL,
  input_tokens integer NOT NULL,
  output_tokens integer NOT NULL,
  cost_usd double precision,
  model text NOT NULL,
  cached boolean NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE metrics (
  run_id text NOT NULL,
  seq integer NOT NULL,
  name text NOT NULL,
  value double precision,
  pass boolean,
  PRIMARY KEY (run_id, seq, name)
);

CREATE TABLE lineage (
  hash text PRIMARY KEY,
  name text NOT NULL,
  run_id text NOT NULL,
  candidate_id integer NOT NULL,
  generation integer NOT NULL,
  operator text NOT NULL,
  parents jsonb NOT NULL,
  fitness jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX lineage_run ON lineage (run_id);

CREATE TABLE checkpoints (
  run_id text NOT NULL,
  generation integer NOT NULL,
  state jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, generation)
);
