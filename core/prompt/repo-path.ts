/**
 * Paths that a prompt or evohub.yaml names must stay inside the repository: a pull request can edit those files,
 * and a dataset path like `../../secrets.jsonl`, `/etc/passwd` or a symlink pointing out of the checkout would
 * otherwise make evohub read (and print) files the repository does not own. Checked on real paths, so symlinks
 * are followed.
 */
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * The repository around `start`: the nearest ancestor holding `.git` or `evohub.yaml`; null outside any (a
 * loose prompt file, where there is no repository to protect).
 */
export function repositoryRootOf(start: string): string | null {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git')) || existsSync(join(dir, 'evohub.yaml'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

export type InsideCheck =
  | { inside: true; real: string }
  | { inside: false; real: string }
  /** The path does not exist (the caller reports it as not found). */
  | { inside: null; real: null };

/** Whether `path` (followed through every symlink) lies inside `root` (also followed). */
export async function checkInside(root: string, path: string): Promise<InsideCheck> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    // Nothing to follow (missing or unreadable): the caller reports the path as not found, naming it.
    return { inside: null, real: null };
  }
  // A root that cannot be resolved is compared as written (the check then fails closed for symlinks).
  const realRoot = await realpath(root).catch(() => resolve(root));
  const rel = relative(realRoot, real);
  const inside = rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  return inside ? { inside: true, real } : { inside: false, real };
}
