/** Error codes the adapters tell apart, so that "absent" is never confused with "unreadable" or "damaged". */

/** The path does not exist (or a parent of it is not a directory). */
export function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** isomorphic-git's "no such ref or object". */
export function isGitNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'NotFoundError';
}
