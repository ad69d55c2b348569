/**
 * `evohub.yaml` (repository defaults) and `environments/<env>.yaml` (pins). The JSON Schemas in `schemas/` are the
 * source of truth; these types mirror them (a test checks they agree).
 */
import type { PiiSettings } from '../feedback/pii.ts';
import type { EvolutionSettings } from '../prompt/types.ts';

/** Settings of one provider prefix. Keys are referenced by environment-variable NAME only, never stored. */
export type ProviderSettings = {
  /** Which implementation serves the prefix, e.g. `openai` for an OpenAI-compatible server. */
  type?: string;
  baseUrl?: string;
  /** Name of the environment variable holding the API key; `none` for a keyless local server. */
  apiKeyEnv?: string;
  timeoutMs?: number;
  maxRetries?: number;
  concurrency?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  headers?: Record<string, string>;
  /**
   * Under `providers.file` only: the custom provider modules (`file:` references) that may be loaded, as paths
   * relative to the repository root. Anything else is refused; `ci pr` reads this list from the base branch.
   */
  allow?: string[];
  /** Provider-specific options pass through. */
  [setting: string]: unknown;
};

export type EvohubConfig = {
  /** Provider prefix (before `/` in a model reference) → settings. */
  providers?: Record<string, ProviderSettings>;
  defaults?: { model?: string; provider?: string };
  cache?: { dir?: string; enabled?: boolean };
  /** Results store: a DuckDB file path or a `postgres://` URL (password from PGPASSWORD, not this file). */
  results?: string;
  budget?: { maxEvaluations?: number; maxUsd?: number };
  github?: { labels?: string[]; reviewers?: string[]; baseBranch?: string };
  /** Defaults for every prompt's `evolution` settings. */
  evolution?: EvolutionSettings;
  /** PII redaction rules for production feedback (core/feedback/pii.ts). */
  pii?: PiiSettings;
  /** Where `evohub feedback pull` reads flagged cases. */
  feedback?: FeedbackSettings;
};

export type FeedbackSettings = {
  from?: 'file' | 'prometheus' | 'postgres';
  file?: string;
  prometheus?: string;
  postgres?: string;
  nearDuplicate?: number;
  branchPrefix?: string;
};

/** `environments/<env>.yaml`: prompt name → version number or commit-ish. */
export type EnvironmentPins = { prompts: Record<string, number | string> };
