/**
 * `.evohub/` holds the response cache, the results database and indexes: never something to commit. Whenever
 * evohub creates it (not only in `init`'d repositories), it writes `.evohub/.gitignore` with `*`, so that
 * `git add -A` in a plain repository does not commit the cache or results.duckdb (as .pytest_cache does).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, parse, sep } from 'node:path';

export const EVOHUB_DIR = '.evohub';

/** The `.evohub` folder `path` lies in (the innermost), or undefined when it lies in none. */
export function evohubDirOf(path: string): string | undefined {
  const parts = path.split(sep);
  const at = parts.lastIndexOf(EVOHUB_DIR);
  if (at < 0) return undefined;
  const joined = parts.slice(0, at + 1).join(sep);
  return joined === '' ? parse(path).root : joined;
}

/**
 * Creates `dir` (recursive) and, when it lies in a `.evohub` folder, that folder's `.gitignore` if it has none
 * (a user's own `.gitignore` there is left as it is).
 */
export async function mkdirInEvohub(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const evohub = evohubDirOf(dir);
  if (!evohub) return;
  await writeFile(join(evohub, '.gitignore'), '*\n', { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}
