-- Each evaluation's input variables (the dataset row without `expected`) and expected value; NULL on older rows.
ALTER TABLE evaluations ADD COLUMN vars jsonb;
ALTER TABLE evaluations ADD COLUMN expected jsonb;
-- `show name@<hash>` finds the runs that evaluated a version.
CREATE INDEX evaluations_prompt_hash ON evaluations (prompt_hash);
CREATE INDEX prompt_versions_hash_prefix ON prompt_versions (hash text_pattern_ops);
