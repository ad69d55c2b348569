/** Error codes the adapters tell apart, so that "absent" is never confused with "unreadable" or "damaged". */
import { readFile } from 'node:fs/promises';

/** The path does not exist (or a parent of it is not a directory). */
export function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** isomorphic-git's "no such ref or object". */
export function isGitNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'NotFoundError';
}

/** A file's bytes, or null when it does not exist (isMissing); any other error is thrown. */
export async function readFileOrNull(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}
