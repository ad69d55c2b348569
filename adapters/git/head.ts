/** Reads `HEAD`: its commit, or null on an unborn branch (a fresh `git init`); a damaged HEAD is an error. */
import git, { Errors } from 'isomorphic-git';
import { GitError } from '../../core/errors.ts';
import type { GitHandle } from './trees.ts';

export async function readHead(h: GitHandle): Promise<string | null> {
  try {
    return await git.resolveRef({ ...h, ref: 'HEAD' });
  } catch (error) {
    if (!(error instanceof Errors.NotFoundError)) throw error;
    // Unborn only when HEAD names a branch that does not exist yet; any other miss means damage, which must not
    // read as an empty repository (callers would then write a root commit over the real history).
    const target = await git.resolveRef({ ...h, ref: 'HEAD', depth: 2 }).catch(() => null);
    if (target?.startsWith('refs/heads/') && !(await git.listBranches(h)).includes(target.slice(11)))
      return null;
    throw new GitError(`HEAD of ${h.dir} cannot be resolved: ${(error as Error).message}`, {
      location: { file: `${h.dir}/.git/HEAD` },
      hint: 'the repository looks damaged; `git fsck` tells what is wrong',
    });
  }
}
