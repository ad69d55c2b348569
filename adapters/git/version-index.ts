/**
 * The persistent version index (`.evohub/version-index.json`): for every prompt file in HEAD's history, the
 * commits that changed it with the blob and `version` in each. Answering `name@<version>` from it costs one ref
 * read and one blob read instead of a walk over every commit.
 *
 * Never stale: each use compares the index's tip with the current HEAD. When HEAD moved forward, only the new
 * commits are walked (stopping at commits already indexed); when HEAD moved elsewhere (reset, checkout of an
 * unrelated branch) or the file is missing or unreadable, the index is rebuilt from scratch.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { CommitInfo, PromptHistoryEntry } from '../../core/ports/prompt-repository.ts';
import { isMissing } from '../fs-errors.ts';
import { ObjectReader, type ParsedCommit } from './object-reader.ts';
import { promptVersionOf } from './prompt-version.ts';
import { snapshotFs } from './snapshot-fs.ts';
import { diffPromptTrees, type GitHandle, readBlobText, readCommitObject } from './trees.ts';

const FORMAT = 2;
export const INDEX_PATH = '.evohub/version-index.json';
/** Commit details, needed by `log` and incremental updates but not by `name@<version>`: loaded lazily. */
export const COMMITS_PATH = '.evohub/version-index-commits.json';

/** [commit, blob (null: deleted), version (null: none)] */
export type IndexEntry = [string, string | null, number | null];

export type VersionIndex = {
  format: typeof FORMAT;
  tip: string;
  /** `.git/shallow` when indexed (a shallow clone's boundary commits, sorted); deepening invalidates. */
  shallow: string[];
  /** path → entries, newest first. */
  prompts: Record<string, IndexEntry[]>;
};

export type CommitData = {
  format: typeof FORMAT;
  tip: string;
  /** Every indexed commit (so an incremental walk knows where to stop). */
  commits: string[];
  /** Commits that changed some prompt file. */
  info: Record<string, CommitInfo>;
};

export type FullIndex = { main: VersionIndex; data: CommitData };

export function entriesFor(index: FullIndex, path: string): PromptHistoryEntry[] {
  return (index.main.prompts[path] ?? []).map(([c, b, v]) => ({
    path,
    commit: index.data.info[c] as CommitInfo,
    blob: b,
    version: v,
  }));
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

async function loadJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    // A missing cache file is rebuilt from the history; one that cannot be read is a problem to report.
    if (isMissing(error)) return null;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    // A corrupt (cut short) cache file is rebuilt too: it is derived data.
    return null;
  }
}

/** The stored index, or null when it is missing, corrupt or of another format. */
export async function loadIndex(root: string): Promise<VersionIndex | null> {
  const o = await loadJson(`${root}/${INDEX_PATH}`);
  return isObject(o) &&
    o.format === FORMAT &&
    typeof o.tip === 'string' &&
    Array.isArray(o.shallow) &&
    isObject(o.prompts)
    ? (o as VersionIndex)
    : null;
}

/** The stored commit data for `tip`, or null when missing, corrupt or written for another tip. */
export async function loadCommitData(root: string, tip: string): Promise<CommitData | null> {
  const o = await loadJson(`${root}/${COMMITS_PATH}`);
  return isObject(o) && o.format === FORMAT && o.tip === tip && Array.isArray(o.commits) && isObject(o.info)
    ? (o as CommitData)
    : null;
}

export function commitInfoOf(oid: string, c: ParsedCommit): CommitInfo {
  return {
    oid,
    author: { name: c.author.name, email: c.author.email },
    date: new Date(c.author.timestamp * 1000).toISOString(),
    message: c.message,
    parents: c.parents,
  };
}

/**
 * Brings `previous` (possibly null) up to `tip`. Returns the same object when nothing changed, a new index
 * otherwise (the caller persists it).
 */
/** The boundary commits of a shallow clone (their parents are not in the repository), sorted. */
export async function readShallow(gitdir: string): Promise<string[]> {
  try {
    return (await readFile(`${gitdir}/shallow`, 'utf8')).split('\n').filter(Boolean).sort();
  } catch (error) {
    // No shallow file: a full clone. An unreadable one must not pass for that (the walk would miss boundaries).
    if (isMissing(error)) return [];
    throw error;
  }
}

export function sameShallow(index: VersionIndex, shallow: readonly string[]): boolean {
  return index.shallow.length === shallow.length && index.shallow.every((s, i) => s === shallow[i]);
}

export async function updateIndex(
  h: GitHandle,
  previous: FullIndex | null,
  tip: string,
  shallow: readonly string[] = [],
): Promise<FullIndex> {
  if (previous && !sameShallow(previous.main, shallow)) previous = null;
  if (previous?.main.tip === tip) return previous;
  // In a shallow clone (CI checkouts) history starts at the boundary: its parents are not there to read.
  const boundary = new Set(shallow);
  h = {
    ...h,
    fs: snapshotFs(h.gitdir),
    trees: new Map(),
    objects: new ObjectReader(h.gitdir, { wholePacks: true }),
  };
  const known = new Set(previous?.data.commits ?? []);
  let reachedOldTip = false;
  type Walked = { oid: string; tree: string; parents: string[]; time: number; info: CommitInfo };
  const walked: Walked[] = [];
  const seen = new Set<string>();
  const stack = [tip];
  while (stack.length > 0) {
    const oid = stack.pop() as string;
    if (seen.has(oid)) continue;
    if (known.has(oid)) {
      if (oid === previous?.main.tip) reachedOldTip = true;
      continue;
    }
    seen.add(oid);
    const commit = await readCommitObject(h, oid);
    if (boundary.has(oid)) commit.parents = [];
    walked.push({
      oid,
      tree: commit.tree,
      parents: commit.parents,
      time: commit.committerTime,
      info: commitInfoOf(oid, commit),
    });
    for (let i = commit.parents.length - 1; i >= 0; i--) stack.push(commit.parents[i] as string);
  }
  // HEAD moved somewhere that does not contain the old tip: old entries may be unreachable now; start over.
  if (previous && !reachedOldTip) return updateIndex(h, null, tip, shallow);

  const trees = new Map<string, string>();
  for (const w of walked) trees.set(w.oid, w.tree);
  const treeOf = async (oid: string): Promise<string> => {
    const t = trees.get(oid);
    if (t) return t;
    const { tree } = await readCommitObject(h, oid);
    trees.set(oid, tree);
    return tree;
  };

  // Newest first, like `git log`: by committer time, walk order breaking ties.
  const order = walked.map((w, i) => ({ w, i }));
  order.sort((x, y) => y.w.time - x.w.time || x.i - y.i);

  const fresh: Record<string, IndexEntry[]> = {};
  const info: Record<string, CommitInfo> = { ...(previous?.data.info ?? {}) };
  const versions = new Map<string, number | null>();
  for (const { w } of order) {
    const changed = await changedPrompts(h, w.tree, w.parents, treeOf);
    for (const [path, blob] of changed) {
      let version: number | null = null;
      if (blob) {
        version = versions.get(blob) ?? null;
        if (!versions.has(blob)) {
          version = promptVersionOf(await readBlobText(h, blob));
          versions.set(blob, version);
        }
      }
      const list = fresh[path] ?? [];
      list.push([w.oid, blob, version]);
      fresh[path] = list;
      info[w.oid] = w.info;
    }
  }
  const prompts: Record<string, IndexEntry[]> = { ...(previous?.main.prompts ?? {}) };
  for (const [path, list] of Object.entries(fresh)) prompts[path] = [...list, ...(prompts[path] ?? [])];
  const commits = [...(previous?.data.commits ?? []), ...walked.map((w) => w.oid)];
  return {
    main: { format: FORMAT, tip, shallow: [...shallow], prompts },
    data: { format: FORMAT, tip, commits, info },
  };
}

/**
 * Prompt files a commit changed. For a merge, only files that differ from every parent count (what the merge
 * itself changed), so a change made on a side branch is listed once, at its own commit.
 */
async function changedPrompts(
  h: GitHandle,
  tree: string,
  parents: readonly string[],
  treeOf: (oid: string) => Promise<string>,
): Promise<Map<string, string | null>> {
  if (parents.length === 0) return diffPromptTrees(h, null, tree);
  let result: Map<string, string | null> | null = null;
  for (const p of parents) {
    const d = await diffPromptTrees(h, await treeOf(p), tree);
    if (result === null) result = d;
    else for (const path of [...result.keys()]) if (!d.has(path)) result.delete(path);
  }
  return result ?? new Map();
}

/** Commit data first, then the main file: a reader that finds the new main file finds matching commit data. */
export async function saveIndex(root: string, index: FullIndex): Promise<void> {
  // Lazily: core/prompt/files.ts pulls in the schema validator, which reads do not need.
  const { writeFileAtomic } = await import('../../core/prompt/files.ts');
  const dir = `${root}/${INDEX_PATH.slice(0, INDEX_PATH.lastIndexOf('/'))}`;
  await mkdir(dir, { recursive: true });
  // Self-ignoring, like .pytest_cache: the folder never shows up as untracked, even without a .gitignore entry.
  await writeFile(`${dir}/.gitignore`, '*\n', { flag: 'wx' }).catch(() => {});
  await writeFileAtomic(`${root}/${COMMITS_PATH}`, JSON.stringify(index.data));
  await writeFileAtomic(`${root}/${INDEX_PATH}`, JSON.stringify(index.main));
}
