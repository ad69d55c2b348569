import type { EvohubConfig } from './types.ts';

/** What evohub uses where `evohub.yaml` (or the file itself) says nothing. */
export const DEFAULT_EVOHUB_CONFIG: Readonly<EvohubConfig> = Object.freeze({
  providers: {},
  defaults: {},
  cache: { dir: '.evohub/cache', enabled: true },
  budget: {},
  github: { labels: ['evohub'], reviewers: [], baseBranch: 'main' },
  evolution: {},
});

/** The file's settings over the defaults, one section at a time (providers are merged by prefix). */
export function withConfigDefaults(config: EvohubConfig): EvohubConfig {
  const d = DEFAULT_EVOHUB_CONFIG;
  return {
    providers: { ...d.providers, ...config.providers },
    defaults: { ...d.defaults, ...config.defaults },
    cache: { ...d.cache, ...config.cache },
    budget: { ...d.budget, ...config.budget },
    github: { ...d.github, ...config.github },
    evolution: { ...d.evolution, ...config.evolution },
    // No default here: an unset `results` means the embedded DuckDB file (evaluator/store/results-store-factory.ts).
    ...(config.results === undefined ? {} : { results: config.results }),
    // No defaults: absent `pii` means every named detector, absent `feedback` the JSONL file source.
    ...(config.pii === undefined ? {} : { pii: config.pii }),
    ...(config.feedback === undefined ? {} : { feedback: config.feedback }),
  };
}
