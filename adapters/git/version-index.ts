/**
 * The persistent version index (`.evohub/version-index/`, see version-index/store.ts): for every prompt file in
 * HEAD's history, the commits that changed it with the blob and `version` in each, sharded by path so that
 * `name@<version>` or `log` reads a small manifest and one bucket instead of the whole history.
 *
 * Never stale: each use compares the index's tip with the current HEAD. When HEAD moved forward, only the new
 * commits are read (`git log new ^old`) and only the buckets they touch rewritten; when it moved elsewhere in the
 * same history (reset, rebase, force-push, another branch), the commits it left (`git log old ^new`) are dropped
 * too. When the histories share no commit, the shallow boundary changed, or the files are missing, damaged or of
 * an older format, the index is rebuilt. Built from `git log --raw` and `git cat-file --batch` when a `git`
 * binary is on PATH, else by walking the commits in JavaScript (always a full build).
 */
import { readFile } from 'node:fs/promises';
import type { CommitInfo, PromptHistoryEntry } from '../../core/ports/prompt-repository.ts';
import { promptNameFromPath } from '../../core/prompt/name.ts';
import { isMissing } from '../fs-errors.ts';
import { PROMPT_FILE, promptVersionOf } from './prompt-version.ts';
import type { GitHandle } from './trees.ts';
import {
  blobsToRead,
  deltaOf,
  type IndexDelta,
  type IndexEntry,
  orderCommits,
  type WalkedCommit,
} from './version-index/assemble.ts';
import { hasGitBinary, logCommits, readBlobs, relation } from './version-index/git-cli.ts';
import {
  type Bucket,
  bucketCountFor,
  bucketOf,
  bucketOfName,
  loadBucket,
  loadPaths,
  MAX_PATHS_PER_BUCKET,
  type Manifest,
  saveIndex,
} from './version-index/store.ts';
import { readBlobsWalk, walkCommits, walkHandle } from './version-index/walk.ts';

export type { IndexEntry } from './version-index/assemble.ts';
export { DamagedIndexError, loadManifest, MANIFEST_PATH, type Manifest } from './version-index/store.ts';
export { commitInfoOf } from './version-index/walk.ts';

/** A stored index, its buckets read on demand and kept. */
export class IndexReader {
  readonly root: string;
  readonly manifest: Manifest;
  readonly #buckets = new Map<number, Bucket>();
  #paths: string[] | null = null;

  constructor(root: string, manifest: Manifest) {
    this.root = root;
    this.manifest = manifest;
  }

  async bucket(n: number): Promise<Bucket> {
    let b = this.#buckets.get(n);
    if (b === undefined) {
      b = await loadBucket(this.root, this.manifest, n);
      this.#buckets.set(n, b);
    }
    return b;
  }

  bucketFor(path: string): Promise<Bucket> {
    return this.bucket(bucketOf(path, this.manifest.buckets.length));
  }

  async entries(path: string): Promise<IndexEntry[]> {
    return (await this.bucketFor(path)).prompts[path] ?? [];
  }

  async history(path: string): Promise<PromptHistoryEntry[]> {
    const b = await this.bucketFor(path);
    return (b.prompts[path] ?? []).map(([c, blob, version]) => ({
      path,
      commit: b.info[c] as CommitInfo,
      blob,
      version,
    }));
  }

  /** Known paths with prompt name `name` (or equal to `name`, a path), sorted: one bucket read. */
  async pathsNamed(name: string): Promise<string[]> {
    const isPath = name.includes('/') || PROMPT_FILE.test(name);
    const key = isPath ? promptNameFromPath(name) : name;
    const b = await this.bucket(bucketOfName(key, this.manifest.buckets.length));
    return Object.keys(b.prompts)
      .filter((p) => (isPath ? p === name : promptNameFromPath(p) === name))
      .sort();
  }

  /** Every path's entries (whole-history work: the similarity index): reads every bucket. */
  async all(): Promise<Record<string, IndexEntry[]>> {
    const out: Record<string, IndexEntry[]> = {};
    for (let n = 0; n < this.manifest.buckets.length; n++) Object.assign(out, (await this.bucket(n)).prompts);
    return out;
  }

  async paths(): Promise<string[]> {
    this.#paths ??= await loadPaths(this.root, this.manifest);
    return this.#paths;
  }
}

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

export function sameShallow(manifest: Manifest, shallow: readonly string[]): boolean {
  return manifest.shallow.length === shallow.length && manifest.shallow.every((s, i) => s === shallow[i]);
}

export type BuildOptions = {
  /** Use the `git` binary (default: when one is on PATH). */
  gitBinary?: boolean;
};

/** The new commits since `previous` (all of them when null), as entries to add. */
async function readDelta(
  h: GitHandle,
  previous: IndexReader | null,
  tip: string,
  shallow: readonly string[],
  useGit: boolean,
): Promise<IndexDelta> {
  const boundary = new Set(shallow);
  const exclude = previous?.manifest.tip ?? null;
  let commits: WalkedCommit[];
  const versions = new Map<string, number | null>();
  const onBlob = (oid: string, text: string): void => {
    versions.set(oid, promptVersionOf(text));
  };
  if (useGit) {
    commits = await logCommits(h.gitdir, tip, exclude, boundary);
    const ordered = orderCommits(commits, tip);
    await readBlobs(h.gitdir, blobsToRead(ordered), onBlob);
    return deltaOf(ordered, versions);
  }
  const wh = walkHandle(h);
  commits = await walkCommits(wh, tip, boundary);
  const ordered = orderCommits(commits, tip);
  await readBlobsWalk(wh, blobsToRead(ordered), onBlob);
  return deltaOf(ordered, versions);
}

/** Commits of the old tip's history that the new tip no longer reaches (a rewrite), and the paths they changed. */
type Dropped = { commits: ReadonlySet<string>; paths: ReadonlySet<string> };

/**
 * How to bring `previous` to `tip`: add to it (dropping the commits a rewrite left behind) or, when the histories
 * share nothing, the old tip is gone, or no `git` binary is there, start over (null).
 */
async function baseFor(
  h: GitHandle,
  previous: IndexReader | null,
  tip: string,
  shallow: readonly string[],
  useGit: boolean,
): Promise<{ previous: IndexReader; dropped: Dropped | null } | null> {
  if (!previous || !useGit || !sameShallow(previous.manifest, shallow)) return null;
  const old = previous.manifest.tip;
  const how = await relation(h.gitdir, old, tip);
  if (how === 'unrelated') return null;
  if (how === 'forward') return { previous, dropped: null };
  // `old ^tip`: what the reset, rebase or force-push took out of the history, with the prompt files it changed.
  const gone = await logCommits(h.gitdir, old, tip, new Set(shallow));
  const paths = new Set<string>();
  for (const c of gone) for (const path of c.changed.keys()) paths.add(path);
  return { previous, dropped: { commits: new Set(gone.map((c) => c.oid)), paths } };
}

/**
 * Brings the stored index (`previous`, possibly null) up to `tip` and saves it. Returns a reader of the new
 * index (the same one when nothing changed).
 */
export async function updateIndex(
  h: GitHandle,
  root: string,
  previous: IndexReader | null,
  tip: string,
  shallow: readonly string[] = [],
  options: BuildOptions = {},
): Promise<IndexReader> {
  if (previous?.manifest.tip === tip && sameShallow(previous.manifest, shallow)) return previous;
  const useGit = options.gitBinary ?? (await hasGitBinary());
  const base = await baseFor(h, previous, tip, shallow, useGit);
  const delta = await readDelta(h, base?.previous ?? null, tip, shallow, useGit);
  if (!base) return saveLayout(root, tip, shallow, new Map(), delta, [...delta.fresh.keys()].sort());
  const old = base.previous;
  const count = old.manifest.buckets.length;
  // The buckets this update changes, copied: the stored ones stay as they are until the manifest is swapped.
  const touched = new Map<number, Bucket>();
  for (const path of [...delta.fresh.keys(), ...(base.dropped?.paths ?? [])]) {
    const n = bucketOf(path, count);
    if (!touched.has(n)) touched.set(n, structuredClone(await old.bucket(n)));
  }
  const emptied = base.dropped ? drop(base.dropped, (p) => touched.get(bucketOf(p, count)) as Bucket) : [];
  const known = await old.paths();
  const knownSet = new Set(known);
  const added = [...delta.fresh.keys()].filter((p) => !knownSet.has(p));
  let paths = added.length > 0 ? [...known, ...added].sort() : known;
  if (emptied.length > 0) {
    const gone = new Set(emptied.filter((p) => !delta.fresh.has(p)));
    paths = paths.filter((p) => !gone.has(p));
  }
  if (paths.length > count * MAX_PATHS_PER_BUCKET) {
    // Many new paths since the layout was chosen: every bucket is laid out again.
    const all = new Map<number, Bucket>();
    for (let n = 0; n < count; n++) all.set(n, touched.get(n) ?? (await old.bucket(n)));
    return saveLayout(root, tip, shallow, all, delta, paths);
  }
  merge(delta, (p) => touched.get(bucketOf(p, count)) as Bucket);
  const manifest = await saveIndex(root, { tip, shallow, bucketCount: count }, old.manifest, touched, paths);
  return new IndexReader(root, manifest);
}

/** A full layout for `paths`: the entries of `buckets` (the old layout; empty from scratch) plus the delta's. */
async function saveLayout(
  root: string,
  tip: string,
  shallow: readonly string[],
  buckets: ReadonlyMap<number, Bucket>,
  delta: IndexDelta,
  paths: string[],
): Promise<IndexReader> {
  const bucketCount = bucketCountFor(paths.length);
  const laid = new Map<number, Bucket>();
  for (let n = 0; n < bucketCount; n++) laid.set(n, { prompts: {}, info: {}, times: {} });
  const place = (path: string): Bucket => laid.get(bucketOf(path, bucketCount)) as Bucket;
  for (const old of buckets.values()) {
    for (const [path, list] of Object.entries(old.prompts)) {
      const b = place(path);
      b.prompts[path] = list;
      for (const [c] of list) {
        b.info[c] = old.info[c] as CommitInfo;
        b.times[c] = old.times[c] as number;
      }
    }
  }
  merge(delta, place);
  const manifest = await saveIndex(root, { tip, shallow, bucketCount }, null, laid, paths);
  return new IndexReader(root, manifest);
}

/** Removes the entries of the dropped commits; returns the paths left without entries. */
function drop(dropped: Dropped, place: (path: string) => Bucket): string[] {
  const emptied: string[] = [];
  for (const path of dropped.paths) {
    const b = place(path);
    const list: IndexEntry[] = [];
    for (const entry of b.prompts[path] ?? []) {
      if (!dropped.commits.has(entry[0])) list.push(entry);
      else {
        // No entry of the new history names a dropped commit: its details go too.
        delete b.info[entry[0]];
        delete b.times[entry[0]];
      }
    }
    if (list.length > 0) b.prompts[path] = list;
    else {
      delete b.prompts[path];
      emptied.push(path);
    }
  }
  return emptied;
}

/**
 * Adds the delta's entries to each path's, in the bucket `place` names. Both lists are newest first (committer
 * time); a merged branch's commits may be older than commits already indexed, so they are merged, not put in
 * front. On equal times the new commit comes first, as a walk from the new tip meets it first.
 */
function merge(delta: IndexDelta, place: (path: string) => Bucket): void {
  for (const [path, list] of delta.fresh) {
    const b = place(path);
    const kept = b.prompts[path] ?? [];
    const merged: IndexEntry[] = [];
    let i = 0;
    let j = 0;
    while (i < list.length || j < kept.length) {
      const a = list[i];
      const k = kept[j];
      if (a !== undefined && (k === undefined || (delta.times.get(a[0]) ?? 0) >= (b.times[k[0]] ?? 0))) {
        merged.push(a);
        i++;
      } else {
        merged.push(k as IndexEntry);
        j++;
      }
    }
    b.prompts[path] = merged;
    for (const [c] of list) {
      b.info[c] = delta.info.get(c) as CommitInfo;
      b.times[c] = delta.times.get(c) as number;
    }
  }
}
