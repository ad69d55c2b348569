/**
 * The persistent version index (`.evohub/version-index/`, see version-index/store.ts): for every prompt file in
 * HEAD's history, the commits that changed it with the blob and `version` in each, sharded by path so that
 * `name@<version>` or `log` reads a small manifest and one bucket instead of the whole history.
 *
 * Never stale: each use compares the index's tip with the current HEAD. When HEAD moved forward, only the new
 * commits are read (`git log new ^old`) and only the buckets they touch rewritten; when HEAD moved elsewhere
 * (reset, checkout of an unrelated branch), the shallow boundary changed, or the files are missing, damaged or of
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
import { hasGitBinary, isAncestor, logCommits, readBlobs } from './version-index/git-cli.ts';
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
  if (previous && !sameShallow(previous.manifest, shallow)) previous = null;
  if (previous?.manifest.tip === tip) return previous;
  const useGit = options.gitBinary ?? (await hasGitBinary());
  // Incremental only when HEAD moved forward; the walk fallback always starts over.
  if (previous && !(useGit && (await isAncestor(h.gitdir, previous.manifest.tip, tip)))) previous = null;
  const delta = await readDelta(h, previous, tip, shallow, useGit);
  const known = previous ? await previous.paths() : [];
  const knownSet = new Set(known);
  const added = [...delta.fresh.keys()].filter((p) => !knownSet.has(p));
  const paths = added.length > 0 ? [...known, ...added].sort() : known;
  const count = previous?.manifest.buckets.length ?? 0;
  if (previous && paths.length <= count * MAX_PATHS_PER_BUCKET) {
    const touched = new Map<number, Bucket>();
    for (const path of delta.fresh.keys()) {
      const n = bucketOf(path, count);
      if (!touched.has(n)) touched.set(n, structuredClone(await previous.bucket(n)));
    }
    merge(delta, (p) => touched.get(bucketOf(p, count)) as Bucket);
    const manifest = await saveIndex(
      root,
      { tip, shallow, bucketCount: count },
      previous.manifest,
      touched,
      paths,
    );
    return new IndexReader(root, manifest);
  }
  // A full layout: from scratch, or the old buckets re-sharded after many new paths.
  const bucketCount = bucketCountFor(paths.length);
  const buckets = new Map<number, Bucket>();
  for (let n = 0; n < bucketCount; n++) buckets.set(n, { prompts: {}, info: {} });
  const place = (path: string): Bucket => buckets.get(bucketOf(path, bucketCount)) as Bucket;
  if (previous) {
    for (let n = 0; n < count; n++) {
      const old = await previous.bucket(n);
      for (const [path, list] of Object.entries(old.prompts)) {
        const b = place(path);
        b.prompts[path] = list;
        for (const [c] of list) b.info[c] = old.info[c] as CommitInfo;
      }
    }
  }
  merge(delta, place);
  const manifest = await saveIndex(root, { tip, shallow, bucketCount }, null, buckets, paths);
  return new IndexReader(root, manifest);
}

/** Puts the delta's entries in front of each path's (newer commits first), in the bucket `place` names. */
function merge(delta: IndexDelta, place: (path: string) => Bucket): void {
  for (const [path, list] of delta.fresh) {
    const b = place(path);
    b.prompts[path] = [...list, ...(b.prompts[path] ?? [])];
    for (const [c] of list) b.info[c] = delta.info.get(c) as CommitInfo;
  }
}
