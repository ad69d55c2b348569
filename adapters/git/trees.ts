import * as fs from 'node:fs';
import git, { type FsClient, type TreeEntry } from 'isomorphic-git';
import { UsageError } from '../../core/errors.ts';
import { SKIPPED_DIRS } from '../../core/prompt/name.ts';
import { ObjectReader, type ParsedCommit, parseCommit, parseTree } from './object-reader.ts';
import { PROMPT_FILE } from './prompt-version.ts';

/** What every isomorphic-git call needs; `cache` keeps parsed packfiles between calls (per repository). */
export type GitHandle = {
  fs: FsClient;
  dir: string;
  gitdir: string;
  cache: object;
  /** Parsed trees by oid, for one long read-only walk. */
  trees?: Map<string, TreeEntry[]>;
  /** Fast reads (native zlib); isomorphic-git answers whatever it cannot. */
  objects?: ObjectReader;
};

const TREE_MEMO_LIMIT = 50_000;

export function gitHandle(dir: string): GitHandle {
  const gitdir = `${dir}/.git`;
  return { fs, dir, gitdir, cache: {}, objects: new ObjectReader(gitdir) };
}

export async function readTreeEntries(h: GitHandle, oid: string): Promise<TreeEntry[]> {
  const memo = h.trees?.get(oid);
  if (memo) return memo;
  // The fast reader is an optimisation: isomorphic-git below reads (or reports) the object.
  const fast = h.objects ? await h.objects.read(oid).catch(() => null) : null;
  const tree =
    fast?.type === 'tree'
      ? parseTree(fast.data)
      : (await git.readTree({ fs: h.fs, dir: h.dir, gitdir: h.gitdir, cache: h.cache, oid })).tree;
  if (h.trees) {
    // A walk reads each tree next to its parent commit's: a bounded memo keeps the hits and caps the memory
    // (a million-commit history would otherwise keep every tree it ever parsed).
    if (h.trees.size >= TREE_MEMO_LIMIT) h.trees.clear();
    h.trees.set(oid, tree);
  }
  return tree;
}

/** A commit's tree, parents, author, committer time and message. */
export async function readCommitObject(h: GitHandle, oid: string): Promise<ParsedCommit> {
  const fast = h.objects ? await h.objects.read(oid).catch(() => null) : null;
  if (fast?.type === 'commit') return parseCommit(fast.data);
  const { commit } = await git.readCommit({ fs: h.fs, dir: h.dir, gitdir: h.gitdir, cache: h.cache, oid });
  return {
    tree: commit.tree,
    parents: commit.parent,
    author: { name: commit.author.name, email: commit.author.email, timestamp: commit.author.timestamp },
    committerTime: commit.committer.timestamp,
    message: commit.message,
  };
}

export async function readBlobText(h: GitHandle, oid: string): Promise<string> {
  // The fast reader is an optimisation: isomorphic-git below reads (or reports) the object.
  const fast = h.objects ? await h.objects.read(oid).catch(() => null) : null;
  if (fast?.type === 'blob') return fast.data.toString('utf8');
  const { blob } = await git.readBlob({ fs: h.fs, dir: h.dir, gitdir: h.gitdir, cache: h.cache, oid });
  return Buffer.from(blob).toString('utf8');
}

/** Prompt file blobs under a tree: path → blob oid. */
export async function promptBlobsIn(
  h: GitHandle,
  treeOid: string,
  prefix = '',
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readTreeEntries(h, treeOid)) {
    const path = prefix + e.path;
    if (e.type === 'tree' && !SKIPPED_DIRS.has(e.path)) {
      for (const [p, o] of await promptBlobsIn(h, e.oid, `${path}/`)) out.set(p, o);
    } else if (isFileBlob(e) && PROMPT_FILE.test(e.path)) {
      out.set(path, e.oid);
    }
  }
  return out;
}

/** The first component of `file` that is a symbolic link in the tree `tree`, or null (none, or no such path). */
export async function symlinkOnPath(h: GitHandle, tree: string, file: string): Promise<string | null> {
  let entries = await readTreeEntries(h, tree);
  const parts = file.split('/');
  for (const [i, name] of parts.entries()) {
    const entry = entries.find((e) => e.path === name);
    if (!entry) return null;
    if (entry.mode === '120000') return parts.slice(0, i + 1).join('/');
    if (entry.type !== 'tree') return null;
    entries = await readTreeEntries(h, entry.oid);
  }
  return null;
}

/** A regular file: a symlink's blob holds its target's name, never read as a prompt (nor followed). */
function isFileBlob(e: TreeEntry): boolean {
  return e.type === 'blob' && e.mode !== '120000';
}

/**
 * Prompt files that differ between two trees: path → blob in `b` (null when `b` lacks it). Equal subtrees are
 * skipped by oid, so a commit touching one file costs a few tree reads.
 */
export async function diffPromptTrees(
  h: GitHandle,
  a: string | null,
  b: string | null,
  prefix = '',
  out: Map<string, string | null> = new Map(),
): Promise<Map<string, string | null>> {
  if (a === b) return out;
  const ea = a ? await readTreeEntries(h, a) : [];
  const eb = b ? await readTreeEntries(h, b) : [];
  const byName = new Map<string, { a?: TreeEntry; b?: TreeEntry }>();
  for (const e of ea) byName.set(e.path, { a: e });
  for (const e of eb) byName.set(e.path, { ...byName.get(e.path), b: e });
  for (const [name, { a: x, b: y }] of byName) {
    if (x?.oid === y?.oid && x?.type === y?.type) continue;
    const path = prefix + name;
    if (!SKIPPED_DIRS.has(name)) {
      const ta = x?.type === 'tree' ? x.oid : null;
      const tb = y?.type === 'tree' ? y.oid : null;
      if (ta || tb) await diffPromptTrees(h, ta, tb, `${path}/`, out);
    }
    if (PROMPT_FILE.test(name)) {
      const ba = x && isFileBlob(x) ? x.oid : null;
      const bb = y && isFileBlob(y) ? y.oid : null;
      if (ba !== bb) out.set(path, bb);
    }
  }
  return out;
}

/**
 * A new tree: `base` with blobs set (oid) or removed (null) at the given paths. Folders left empty disappear,
 * as in git. Returns null only when a sub-tree ends up empty; the root is always written.
 */
export async function editTree(
  h: GitHandle,
  base: string | null,
  changes: ReadonlyMap<string, string | null>,
  prefix = '',
): Promise<string | null> {
  const entries = new Map<string, TreeEntry>();
  if (base) for (const e of await readTreeEntries(h, base)) entries.set(e.path, e);
  const sub = new Map<string, Map<string, string | null>>();
  for (const [path, oid] of changes) {
    const slash = path.indexOf('/');
    if (slash < 0) {
      const existing = entries.get(path);
      if (existing?.type === 'tree') {
        throw new UsageError(`cannot write file ${prefix}${path}: a folder of that name exists`);
      }
      if (oid === null) entries.delete(path);
      else entries.set(path, { mode: existing?.mode ?? '100644', path, oid, type: 'blob' });
    } else {
      const head = path.slice(0, slash);
      const rest = sub.get(head) ?? new Map<string, string | null>();
      rest.set(path.slice(slash + 1), oid);
      sub.set(head, rest);
    }
  }
  for (const [name, rest] of sub) {
    const existing = entries.get(name);
    if (existing && existing.type !== 'tree') {
      throw new UsageError(`cannot write under ${prefix}${name}/: a file of that name exists`);
    }
    const oid = await editTree(h, existing?.oid ?? null, rest, `${prefix}${name}/`);
    if (oid === null) entries.delete(name);
    else entries.set(name, { mode: '040000', path: name, oid, type: 'tree' });
  }
  if (entries.size === 0 && prefix !== '') return null;
  return git.writeTree({ ...h, tree: [...entries.values()] });
}
