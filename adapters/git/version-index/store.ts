/**
 * The sharded version index on disk, under `.evohub/version-index/`:
 *   - `manifest.json`: format, tip, shallow boundary and the file of each bucket (small: read on every fresh
 *     query),
 *   - `b<N>-<generation>.json`: the prompt paths whose prompt name hashes to bucket N, each with its entries newest first and
 *     the details of the commits they name (so `name@<version>` and `log` read one bucket),
 *   - `paths-<generation>.json`: every prompt path, sorted.
 * Files other than the manifest are never rewritten: an update writes new ones and then swaps the manifest
 * atomically, so a crash leaves the old index or the new one; stale files are removed afterwards, by the next
 * update, or (when the crash came after the swap) by the next open, which `cleanup` tells to do it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { atomicTempOf, writeFileAtomic } from '../../../core/fs/atomic-write.ts';
import { mkdirInEvohub } from '../../../core/fs/evohub-dir.ts';
import type { CommitInfo } from '../../../core/ports/prompt-repository.ts';
import { promptNameFromPath } from '../../../core/prompt/name.ts';
import { isMissing } from '../../fs-errors.ts';
import { syncDir } from '../durable-fs.ts';
import type { IndexEntry } from './assemble.ts';

/**
 * 4: buckets hold their commits' times; symlinks and gitlinks are not prompt files (format 3 indexed a symlink's
 * target name as its text).
 */
export const FORMAT = 4;
export const INDEX_DIR = '.evohub/version-index';
export const MANIFEST_PATH = `${INDEX_DIR}/manifest.json`;
/** Written before the manifest swap, naming the new generation's paths file; removed when stale files are gone. */
const CLEANUP = 'cleanup';
/** Files of the previous formats (one JSON file each, read whole): removed when the new index is written. */
const OLD_FILES = ['.evohub/version-index.json', '.evohub/version-index-commits.json'];
/** About this many paths per bucket when the layout is chosen. */
const PATHS_PER_BUCKET = 32;
/** Past this many per bucket (paths added since), the next update lays the index out again. */
export const MAX_PATHS_PER_BUCKET = 256;

export type Manifest = {
  format: typeof FORMAT;
  tip: string;
  /** `.git/shallow` when indexed (a shallow clone's boundary commits, sorted); deepening invalidates. */
  shallow: string[];
  /** File name of each bucket, by bucket number. */
  buckets: string[];
  paths: string;
  pathCount: number;
};

export type Bucket = {
  prompts: Record<string, IndexEntry[]>;
  info: Record<string, CommitInfo>;
  /** Committer time (seconds) of each commit in `info`: where an update puts new entries among the kept ones. */
  times: Record<string, number>;
};

/** The stored index is unreadable (a bucket deleted or corrupt): derived data, rebuilt by the caller. */
export class DamagedIndexError extends Error {}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** Paths are sharded by prompt name: the paths one name denotes share a bucket (resolving a name reads one). */
export function bucketOf(path: string, buckets: number): number {
  return bucketOfName(promptNameFromPath(path), buckets);
}

export function bucketOfName(name: string, buckets: number): number {
  return createHash('sha1').update(name).digest().readUInt32BE(0) % buckets;
}

export function bucketCountFor(paths: number): number {
  let n = 1;
  while (n * PATHS_PER_BUCKET < paths) n *= 2;
  return n;
}

/** The stored manifest, or null when missing, corrupt or of another format. */
export async function loadManifest(root: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(`${root}/${MANIFEST_PATH}`, 'utf8');
  } catch (error) {
    // A missing index is rebuilt from the history; one that cannot be read is a problem to report.
    if (isMissing(error)) return null;
    throw error;
  }
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    // A corrupt (cut short) manifest is rebuilt too: the index is derived data.
    return null;
  }
  const manifest =
    isObject(o) &&
    o.format === FORMAT &&
    typeof o.tip === 'string' &&
    Array.isArray(o.shallow) &&
    Array.isArray(o.buckets) &&
    o.buckets.length > 0 &&
    typeof o.paths === 'string' &&
    typeof o.pathCount === 'number'
      ? (o as Manifest)
      : null;
  if (manifest) await finishCleanup(root, manifest);
  return manifest;
}

/**
 * An update killed after its manifest swap left the old generation's files: remove them now. The marker must
 * name this manifest's generation; naming another, it belongs to an update still writing (or killed before its
 * swap, whose files the next update removes).
 */
async function finishCleanup(root: string, manifest: Manifest): Promise<void> {
  let pending: string;
  try {
    pending = await readFile(`${root}/${INDEX_DIR}/${CLEANUP}`, 'utf8');
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  if (pending === manifest.paths) await removeStale(root, manifest);
}

async function loadFile(root: string, name: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(`${root}/${INDEX_DIR}/${name}`, 'utf8');
  } catch (error) {
    // Missing (deleted, or removed by a concurrent update): rebuilt. Unreadable: a problem to report.
    if (isMissing(error)) throw new DamagedIndexError(`version index file ${INDEX_DIR}/${name} is missing`);
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    // Cut short: derived data, rebuilt.
    throw new DamagedIndexError(`version index file ${INDEX_DIR}/${name} is corrupt`);
  }
}

export async function loadBucket(root: string, manifest: Manifest, n: number): Promise<Bucket> {
  const o = await loadFile(root, manifest.buckets[n] as string);
  if (!isObject(o) || !isObject(o.prompts) || !isObject(o.info) || !isObject(o.times)) {
    throw new DamagedIndexError(`version index bucket ${manifest.buckets[n]} is malformed`);
  }
  return o as Bucket;
}

export async function loadPaths(root: string, manifest: Manifest): Promise<string[]> {
  const o = await loadFile(root, manifest.paths);
  if (!Array.isArray(o)) throw new DamagedIndexError(`version index file ${manifest.paths} is malformed`);
  return o as string[];
}

/** Writes a new file (never one a manifest names) and makes it durable before a manifest may name it. */
async function writeDurable(file: string, text: string): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Runs `jobs` at most `limit` at a time. */
async function pool(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) await (jobs[next++] as () => Promise<void>)();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}

/**
 * Writes the given buckets (number → content) and paths as new files, then the manifest naming them (the
 * buckets not given keep their files from `base`), then removes files no manifest names any more.
 */
export async function saveIndex(
  root: string,
  head: { tip: string; shallow: readonly string[]; bucketCount: number },
  base: Manifest | null,
  buckets: ReadonlyMap<number, Bucket>,
  paths: readonly string[],
): Promise<Manifest> {
  const dir = `${root}/${INDEX_DIR}`;
  await mkdirInEvohub(dir);
  const generation = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const names = Array.from({ length: head.bucketCount }, (_, n) => base?.buckets[n] ?? '');
  const jobs: (() => Promise<void>)[] = [];
  for (const [n, bucket] of buckets) {
    names[n] = `b${n}-${generation}.json`;
    jobs.push(() => writeDurable(`${dir}/${names[n]}`, JSON.stringify(bucket)));
  }
  const pathsName = `paths-${generation}.json`;
  jobs.push(() => writeDurable(`${dir}/${pathsName}`, JSON.stringify(paths)));
  await pool(jobs, 16);
  const manifest: Manifest = {
    format: FORMAT,
    tip: head.tip,
    shallow: [...head.shallow],
    buckets: names,
    paths: pathsName,
    pathCount: paths.length,
  };
  await writeFile(`${dir}/${CLEANUP}`, pathsName);
  await writeFileAtomic(`${root}/${MANIFEST_PATH}`, JSON.stringify(manifest));
  // Durable before the old generation goes: after a power loss the old manifest would name deleted files.
  await syncDir(dir);
  await removeStale(root, manifest);
  return manifest;
}

/** Files of older generations and formats. Another process may be mid-read: it rebuilds if it loses a file. */
async function removeStale(root: string, manifest: Manifest): Promise<void> {
  const keep = new Set([...manifest.buckets, manifest.paths, 'manifest.json', CLEANUP]);
  const dir = `${root}/${INDEX_DIR}`;
  for (const name of await readdir(dir)) {
    // Another process's manifest being written is its own; a dead one's is left-over.
    if (!keep.has(name) && atomicTempOf(name, 'manifest.json')?.alive !== true) {
      await rm(`${dir}/${name}`, { force: true });
    }
  }
  for (const old of OLD_FILES) await unlink(`${root}/${old}`).catch(() => {});
  // Only this generation's marker: a newer update's may be there already.
  const pending = await readFile(`${dir}/${CLEANUP}`, 'utf8').catch(() => null);
  if (pending === manifest.paths) await rm(`${dir}/${CLEANUP}`, { force: true });
}
