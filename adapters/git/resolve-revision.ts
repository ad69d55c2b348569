/**
 * Revision syntax of the git port: what `resolveCommit` accepts (refs, tags peeled to their commit, full or
 * abbreviated oids, `~N` and `^N` steps), resolved on the repository's object database.
 */
import git from 'isomorphic-git';
import { UsageError } from '../../core/errors.ts';
import type { ParsedCommit } from './object-reader.ts';
import { type GitHandle, readCommitObject } from './trees.ts';
import { damagedObjectError } from './verify-objects.ts';

/**
 * `HEAD`, a branch, a tag (annotated ones peeled), any full ref, a full or abbreviated (4+ hex digits) oid,
 * each optionally followed by `~N` / `^` (first-parent steps). Refs win over oids, as in git.
 */
export async function resolveRevision(h: GitHandle, rev: string): Promise<string | null> {
  const m = /^(.+?)((?:[~^]\d*)*)$/.exec(rev);
  if (!m) return null;
  let oid = await resolveBase(h, m[1] as string);
  if (oid === null) return null;
  for (const step of (m[2] as string).match(/[~^]\d*/g) ?? []) {
    const n = step.length > 1 ? Number(step.slice(1)) : 1;
    // `~N` walks N first parents; `^N` picks the Nth parent (`^0` is the commit itself).
    if (step[0] === '^' && n === 0) continue;
    for (let i = 0; i < (step[0] === '~' ? n : 1); i++) {
      // A parent beyond a shallow clone's boundary is named but not there: nothing to resolve to.
      const commit: ParsedCommit | null = await readCommitObject(h, oid).catch(() => null);
      if (commit === null) return null;
      const next: string | undefined = step[0] === '^' ? commit.parents[n - 1] : commit.parents[0];
      if (next === undefined) return null;
      oid = next;
    }
  }
  // A parent beyond a shallow clone's boundary is named but not there: nothing to resolve to.
  if (m[2] && (await readCommitObject(h, oid).catch(() => null)) === null) return null;
  return oid;
}

async function resolveBase(h: GitHandle, name: string): Promise<string | null> {
  let oid: string | null = null;
  if (/^[\w./-]+$/.test(name) && !name.includes('..')) {
    try {
      oid = await git.resolveRef({ ...h, ref: name });
    } catch {
      // Not a ref: the name may still be an oid or an abbreviation (tried next).
      oid = null;
    }
  }
  if (oid === null && /^[0-9a-f]{4,40}$/i.test(name)) {
    try {
      oid = await git.expandOid({ ...h, oid: name.toLowerCase() });
    } catch (e) {
      if ((e as { code?: string }).code === 'AmbiguousError') {
        throw new UsageError(`abbreviated commit ${name} is ambiguous`, { hint: 'give more hex digits' });
      }
      return null;
    }
  }
  return oid === null ? null : peelToCommit(h, oid);
}

async function peelToCommit(h: GitHandle, oid: string): Promise<string | null> {
  for (let depth = 0; depth < 10; depth++) {
    const obj = await git.readObject({ ...h, oid, format: 'parsed' }).catch((e: unknown) => {
      // A ref to an object that does not inflate (a half-written file) is damage to report, not a bug.
      throw damagedObjectError(h.gitdir, oid, 'the ref', e);
    });
    if (obj.type === 'commit') return oid;
    if (obj.type !== 'tag') return null;
    oid = (obj.object as { object: string }).object;
  }
  return null;
}
