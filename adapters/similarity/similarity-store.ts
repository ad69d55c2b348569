/**
 * The repository's similarity index on disk (`.evohub/similarity-index.bin`): a MinHash signature for every
 * distinct prompt version in HEAD's history. Derived data like the version index: kept in step with HEAD on each
 * use (only versions added since the stored tip are read and signed), rebuilt when missing or unreadable, written
 * atomically.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { PromptRepository } from '../../core/ports/prompt-repository.ts';
import { writeFileAtomic } from '../../core/prompt/files.ts';
import {
  decodeIndex,
  encodeIndex,
  type SimilarityIndex,
  signatureOf,
  updateSimilarityIndex,
} from '../../core/similarity/index.ts';
import type { GitRepository } from '../git/isomorphic-git-repository.ts';

export const SIMILARITY_PATH = '.evohub/similarity-index.bin';

/** One place a blob occurs: the newest commit of a path whose file had that content. */
export type VersionRow = { path: string; version: number | null; commit: string };

/** Any git port works; the git adapter's bulk readers (all versions at once, whole packs) make it fast. */
export type SimilarityRepo = Pick<PromptRepository, 'head' | 'knownPromptPaths' | 'versions' | 'readBlob'> &
  Partial<Pick<GitRepository, 'allVersions' | 'bulkBlobReader'>>;
type Repo = SimilarityRepo;

async function allVersions(
  repo: Repo,
): Promise<Readonly<Record<string, readonly (readonly [string, string | null, number | null])[]>>> {
  if (repo.allVersions) return repo.allVersions();
  const out: Record<string, [string, string | null, number | null][]> = {};
  for (const p of await repo.knownPromptPaths()) {
    out[p] = (await repo.versions(p)).map((v) => [v.commit, v.blob, v.version]);
  }
  return out;
}

async function load(root: string): Promise<SimilarityIndex | null> {
  try {
    return decodeIndex(await readFile(`${root}/${SIMILARITY_PATH}`));
  } catch {
    // Missing or unreadable: derived data, rebuilt from the history.
    return null;
  }
}

/** blob → where it occurs (newest first per path), over every version in HEAD's history. */
export async function versionRows(repo: Repo): Promise<Map<string, VersionRow[]>> {
  const out = new Map<string, VersionRow[]>();
  for (const [path, entries] of Object.entries(await allVersions(repo))) {
    const seen = new Set<string>();
    for (const [commit, blob, version] of entries) {
      if (blob === null || seen.has(blob)) continue;
      seen.add(blob);
      const list = out.get(blob);
      const row = { path, version, commit };
      if (list) list.push(row);
      else out.set(blob, [row]);
    }
  }
  return out;
}

export type CurrentIndex = {
  index: SimilarityIndex;
  rows: Map<string, VersionRow[]>;
  /** Versions signed by this call (0 when the stored index was current). */
  added: number;
};

/** The similarity index for HEAD: stored, brought up to date, or built; persisted when it changed. */
export async function currentSimilarityIndex(repo: Repo, root: string): Promise<CurrentIndex> {
  const tip = (await repo.head()) ?? '';
  const rows = await versionRows(repo);
  const stored = await load(root);
  if (stored?.tip === tip) return { index: stored, rows, added: 0 };
  const read = repo.bulkBlobReader?.() ?? ((oid: string) => repo.readBlob(oid));
  const { index, added } = await updateSimilarityIndex(stored, tip, rows.keys(), async (blob) =>
    signatureOf(await read(blob)),
  );
  const dir = `${root}/.evohub`;
  await mkdir(dir, { recursive: true });
  // Self-ignoring, as the version index does: the folder never shows up as untracked.
  await writeFile(`${dir}/.gitignore`, '*\n', { flag: 'wx' }).catch(() => {});
  await writeFileAtomic(`${root}/${SIMILARITY_PATH}`, encodeIndex(index));
  return { index, rows, added };
}
