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
  if (typeof config?.feedback?.postgres === 'string' && hasPassword(config.feedback.postgres)) {
    problems.push({
      location: locate(doc, file, ['feedback', 'postgres']),
      message:
        'feedback.postgres: the URL holds a password, which would be committed; set PGPASSWORD instead',
    });
  }
  for (const [i, p] of (problems.length === 0 ? (config?.pii?.patterns ?? []) : []).entries()) {
    const why = regexProblem(p.regex);
    if (why) {
      problems.push({
        location: locate(doc, file, ['pii', 'patterns', i, 'regex']),
        message: `pii.patterns[${i}].regex (${p.name}) ${why}`,
      });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return config;
}

function regexProblem(source: string): string | null {
  try {
    return new RegExp(source, 'u').test('') ? 'matches the empty string' : null;
  } catch (e) {
    return `is not a valid regular expression: ${(e as Error).message}`;
  }
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
