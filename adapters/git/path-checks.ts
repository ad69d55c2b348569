import { lstat } from 'node:fs/promises';
import { isMissing } from '../fs-errors.ts';

/** A branch name git accepts (a conservative subset of `git check-ref-format`). */
export function isValidBranchName(name: string): boolean {
  return (
    /^[\w][\w./-]*$/.test(name) &&
    !name.includes('..') &&
    !name.includes('//') &&
    !name.endsWith('/') &&
    !name.endsWith('.lock') &&
    !name.endsWith('.')
  );
}

/** Whether something is at `p`; only a missing path is false, other errors are thrown. */
export async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (error) {
    // Nothing at that path; anything else (permissions) is reported rather than read as absent.
    if (isMissing(error)) return false;
    throw error;
  }
}
