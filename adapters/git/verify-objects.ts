/**
 * Checks that a commit and everything its snapshot needs are present and intact before evohub hands the
 * commit to someone else (a proposal): loose objects must inflate and hash to their id; packed ones must
 * read (packs carry their own checksums). A branch left pointing at a damaged object is refused, not proposed.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { GitError } from '../../core/errors.ts';
import { looseObjectVerifies } from './durable-fs.ts';
import { ObjectReader, parseCommit, parseTree, type RawObject } from './object-reader.ts';

/** The first object under `commit` (itself, its tree, subtrees, blobs) that is missing or damaged; null if none. */
export async function firstDamagedObject(gitdir: string, commit: string): Promise<string | null> {
  const reader = new ObjectReader(gitdir);
  const seen = new Set<string>();
  const read = async (oid: string): Promise<RawObject | null> => {
    const loose = path.join(gitdir, 'objects', oid.slice(0, 2), oid.slice(2));
    const isLoose = await access(loose).then(
      () => true,
      () => false,
    );
    if (isLoose && !(await looseObjectVerifies(loose, oid))) return null;
    // An object that cannot be read is what this search looks for: null marks it damaged.
    return reader.read(oid).catch(() => null);
  };
  const c = await read(commit);
  if (c?.type !== 'commit') return commit;
  const stack = [parseCommit(c.data).tree];
  while (stack.length > 0) {
    const oid = stack.pop() as string;
    if (seen.has(oid)) continue;
    seen.add(oid);
    const o = await read(oid);
    if (!o) return oid;
    if (o.type !== 'tree') continue;
    // Submodule entries (mode 160000) name commits of another repository: not ours to check.
    for (const e of parseTree(o.data)) if (e.type !== 'commit') stack.push(e.oid);
  }
  return null;
}

/** The error for `what` needing object `oid` that is missing or damaged: names the file and what to do. */
export function damagedObjectError(gitdir: string, oid: string, what: string, cause?: unknown): GitError {
  return new GitError(`${what} needs object ${oid}, which is missing or damaged`, {
    location: { file: path.join(gitdir, 'objects', oid.slice(0, 2), oid.slice(2)) },
    hint: '`git fsck --strict` shows the damage; re-run the command that made it (evolve: --resume) to rewrite it',
    cause,
  });
}
