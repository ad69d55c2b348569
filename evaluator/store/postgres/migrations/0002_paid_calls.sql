-- A run's paid-call ledger (each call key once), copied in when the run reports.
CREATE TABLE paid_calls (
  run_id text NOT NULL,
  call_key text NOT NULL,
  cost_usd double precision NOT NULL,
  PRIMARY KEY (run_id, call_key)
);
