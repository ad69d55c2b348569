/**
 * `evohub.yaml` (repository defaults) and `environments/<env>.yaml` (pins). The JSON Schemas in `schemas/` are the
 * source of truth; these types mirror them (a test checks they agree).
 */
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
  budget?: { maxEvaluations?: number; maxUsd?: number };
  github?: { labels?: string[]; reviewers?: string[]; baseBranch?: string };
  /** Defaults for every prompt's `evolution` settings. */
  evolution?: EvolutionSettings;
};

/** `environments/<env>.yaml`: prompt name → version number or commit-ish. */
export type EnvironmentPins = { prompts: Record<string, number | string> };
