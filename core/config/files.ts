import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, NotFoundError } from '../errors.ts';
import { withConfigDefaults } from './defaults.ts';
import { parseEnvironment, parseEvohubConfig } from './parse.ts';
import type { EnvironmentPins, EvohubConfig } from './types.ts';

export const CONFIG_FILE = 'evohub.yaml';
export const ENVIRONMENTS_DIR = 'environments';

/** Environment names become file names: no separators, no leading dot. */
const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** `<repoRoot>/evohub.yaml` validated, over the defaults; no file means the defaults. */
export async function readEvohubConfig(repoRoot: string): Promise<EvohubConfig> {
  const file = join(repoRoot, CONFIG_FILE);
  const text = await readOptional(file);
  return withConfigDefaults(text === undefined ? {} : parseEvohubConfig(text, file));
}

/** The environment names that have a file under `<repoRoot>/environments/`, sorted. */
export async function listEnvironments(repoRoot: string): Promise<string[]> {
  try {
    const names = await readdir(join(repoRoot, ENVIRONMENTS_DIR));
    return names
      .filter((n) => /\.ya?ml$/.test(n) && !n.startsWith('.'))
      .map((n) => n.replace(/\.ya?ml$/, ''))
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** `<repoRoot>/environments/<env>.yaml` (or `.yml`) validated; a missing one names the environments there are. */
export async function readEnvironment(repoRoot: string, env: string): Promise<EnvironmentPins> {
  if (!ENV_NAME.test(env)) {
    throw new ConfigError(`invalid environment name "${env}"`, {
      hint: "use letters, digits, '.', '_' and '-'",
    });
  }
  for (const ext of ['.yaml', '.yml']) {
    const file = join(repoRoot, ENVIRONMENTS_DIR, `${env}${ext}`);
    const text = await readOptional(file);
    if (text !== undefined) return parseEnvironment(text, file);
  }
  const known = await listEnvironments(repoRoot);
  throw new NotFoundError(`environment "${env}" not found: no ${ENVIRONMENTS_DIR}/${env}.yaml`, {
    location: { file: join(repoRoot, ENVIRONMENTS_DIR, `${env}.yaml`) },
    hint: known.length ? `known environments: ${known.join(', ')}` : 'there are no environment files yet',
  });
}
