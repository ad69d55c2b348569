import { ValidationError } from '../errors.ts';
import { checkYaml, locate } from '../schema/index.ts';
import type { EnvironmentPins, EvohubConfig } from './types.ts';

/**
 * Parses and validates `evohub.yaml`. An empty file is an empty config. Returns the file's settings as written
 * (no defaults; see withConfigDefaults). Throws ValidationError with every located problem.
 */
export function parseEvohubConfig(text: string, file: string): EvohubConfig {
  const { doc, data, problems } = checkYaml('config', text, file);
  if (data === null && doc.errors.length === 0) return {};
  const config = data as EvohubConfig;
  // evohub.yaml is committed: a password in the results URL would end up in git.
  if (typeof config?.results === 'string' && hasPassword(config.results)) {
    problems.push({
      location: locate(doc, file, ['results']),
      message:
        'results: the URL holds a password, which would be committed; set PGPASSWORD instead (or pass --results-url)',
    });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return config;
}

function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    // Not a URL: it cannot carry a password (the URL's own validation reports it elsewhere).
    return false;
  }
}

/** Parses and validates `environments/<env>.yaml`. Throws ValidationError with every located problem. */
export function parseEnvironment(text: string, file: string): EnvironmentPins {
  const { data, problems } = checkYaml('environment', text, file);
  if (problems.length > 0) throw new ValidationError(problems);
  return data as EnvironmentPins;
}
