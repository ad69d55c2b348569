-- A run's rows are written together, so ANALYZE's sample (a few hundred blocks) sees few runs and guesses tens of
-- thousands of rows per run (24,110 at 10M evaluations, for 1,000): the planner then starts parallel workers and
-- JIT for a run's 1,000-row page, which took 0.3 s and 1.0 s on a loaded machine instead of a few ms by index.
-- A run holds about a thousand rows (cases × repeats): the estimate is set to that, as a fraction of the table.
ALTER TABLE evaluations ALTER COLUMN run_id SET (n_distinct = -0.001);
ALTER TABLE metrics ALTER COLUMN run_id SET (n_distinct = -0.0005);
ANALYZE evaluations;
ANALYZE metrics;
