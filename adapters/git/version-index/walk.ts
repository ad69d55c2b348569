/**
 * The fallback index build, without a `git` binary: every commit and the trees it changed read in JavaScript
 * (isomorphic-git and the packfile reader). About 100 times slower than `git log` on large histories.
 */
import type { CommitInfo } from '../../../core/ports/prompt-repository.ts';
import { ObjectReader, type ParsedCommit } from '../object-reader.ts';
import { snapshotFs } from '../snapshot-fs.ts';
import { diffPromptTrees, type GitHandle, readBlobText, readCommitObject } from '../trees.ts';
import type { WalkedCommit } from './assemble.ts';

export function commitInfoOf(oid: string, c: ParsedCommit): CommitInfo {
  return {
    oid,
    author: { name: c.author.name, email: c.author.email },
    date: new Date(c.author.timestamp * 1000).toISOString(),
    message: c.message,
    parents: c.parents,
  };
}

/** A read-only handle for one long walk: a snapshot of the git folder, whole packs in memory. */
export function walkHandle(h: GitHandle): GitHandle {
  return {
    ...h,
    fs: snapshotFs(h.gitdir),
    trees: new Map(),
    objects: new ObjectReader(h.gitdir, { wholePacks: true }),
  };
}

/** Every commit reachable from `tip`, with the prompt files each changed. */
export async function walkCommits(
  h: GitHandle,
  tip: string,
  boundary: ReadonlySet<string>,
): Promise<WalkedCommit[]> {
  const walked: WalkedCommit[] = [];
  const trees = new Map<string, string>();
  const seen = new Set<string>();
  const stack = [tip];
  while (stack.length > 0) {
    const oid = stack.pop() as string;
    if (seen.has(oid)) continue;
    seen.add(oid);
    const commit = await readCommitObject(h, oid);
    // In a shallow clone (CI checkouts) history starts at the boundary: its parents are not there to read.
    if (boundary.has(oid)) commit.parents = [];
    trees.set(oid, commit.tree);
    walked.push({
      oid,
      parents: commit.parents,
      time: commit.committerTime,
      info: commitInfoOf(oid, commit),
      changed: new Map(),
    });
    for (let i = commit.parents.length - 1; i >= 0; i--) stack.push(commit.parents[i] as string);
  }
  for (const w of walked) w.changed = await changedPrompts(h, trees.get(w.oid) as string, w.parents, trees);
  return walked;
}

/**
 * Prompt files a commit changed. For a merge, only files that differ from every parent count (what the merge
 * itself changed), so a change made on a side branch is listed once, at its own commit.
 */
async function changedPrompts(
  h: GitHandle,
  tree: string,
  parents: readonly string[],
  trees: ReadonlyMap<string, string>,
): Promise<Map<string, string | null>> {
  if (parents.length === 0) return diffPromptTrees(h, null, tree);
  let result: Map<string, string | null> | null = null;
  for (const p of parents) {
    const d = await diffPromptTrees(h, trees.get(p) ?? (await readCommitObject(h, p)).tree, tree);
    if (result === null) result = d;
    else for (const path of [...result.keys()]) if (!d.has(path)) result.delete(path);
  }
  return result ?? new Map();
}

/** Versions of the given blobs, read in JavaScript. */
export async function readBlobsWalk(
  h: GitHandle,
  oids: readonly string[],
  onBlob: (oid: string, text: string) => void,
): Promise<void> {
  for (const oid of oids) onBlob(oid, await readBlobText(h, oid));
}
