/**
 * Moving a ref the way git does: take `<ref>.lock` exclusively, check the ref still holds what the commit was
 * built on, write and fsync the new oid, rename the lock over the ref. A concurrent git process makes it a
 * ConflictError, never a lost update.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import git from 'isomorphic-git';
import { ConflictError } from '../../core/errors.ts';
import { isGitNotFound } from '../fs-errors.ts';
import { diskFullError } from './durable-fs.ts';
import { readHead } from './head.ts';
import type { GitHandle } from './trees.ts';

/** Sets `ref` to `oid` if it still holds `expected` (null: absent). */
export async function moveRef(
  h: GitHandle,
  ref: string,
  expected: string | null,
  oid: string,
): Promise<void> {
  const lock = `${h.gitdir}/${ref}.lock`;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    await mkdir(path.dirname(lock), { recursive: true });
    handle = await open(lock, 'wx');
  } catch (e) {
    throw new ConflictError(`cannot lock ${ref}: ${(e as Error).message}`, {
      location: { file: lock },
      hint: 'another git process may be running; if not, remove the .lock file',
      cause: e,
    });
  }
  let closed = false;
  let renamed = false;
  try {
    const current = ref === 'HEAD' ? await readHead(h) : await refValue(h, ref);
    if (current !== expected) {
      throw new ConflictError(`${ref} moved while evohub was committing`, {
        hint: 'run the command again',
      });
    }
    try {
      await handle.writeFile(`${oid}\n`);
      await handle.sync();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') throw diskFullError(lock, e);
      throw e;
    }
    await handle.close();
    closed = true;
    await rename(lock, `${h.gitdir}/${ref}`);
    renamed = true;
  } finally {
    if (!closed) await handle.close();
    // After the rename the lock name may already be another writer's: never remove it then.
    if (!renamed) await rm(lock, { force: true });
  }
}

export async function refValue(h: GitHandle, ref: string): Promise<string | null> {
  try {
    return await git.resolveRef({ ...h, ref, depth: 2 });
  } catch (error) {
    // No such ref: the caller treats null as "absent". A ref that cannot be read is damage, reported.
    if (isGitNotFound(error)) return null;
    throw error;
  }
}
