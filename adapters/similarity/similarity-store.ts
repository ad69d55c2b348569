/**
 * The repository's similarity index on disk (`.evohub/similarity-index.bin`): a MinHash signature for every
 * distinct prompt version in HEAD's history, with where each occurs. Derived data like the version index: kept
 * in step with HEAD on each use (only versions added since the stored tip are read and signed), rebuilt when
 * missing, damaged or of another format, written atomically. A long build journals its signatures as it goes
 * (journal.ts), so an interrupted build resumes.
 */
import { execFile } from 'node:child_process';
import { writeFileAtomic } from '../../core/fs/atomic-write.ts';
import { EVOHUB_DIR, mkdirInEvohub } from '../../core/fs/evohub-dir.ts';
import type { PromptRepository } from '../../core/ports/prompt-repository.ts';
import {
  assembleIndex,
  encodeIndex,
  SIGNATURE_SIZE,
  signatureOf,
  type VersionRow,
} from '../../core/similarity/index.ts';
import type { GitRepository } from '../git/isomorphic-git-repository.ts';
import { readBlobs } from '../git/version-index/git-cli.ts';
import { IndexFile } from './index-file.ts';
import { createJournal, readJournals, removeJournals, SignatureTable } from './journal.ts';

export const SIMILARITY_PATH = '.evohub/similarity-index.bin';
/** Versions signed between two journal flushes: a kill loses at most this much work. */
const CHUNK = 10_000;

export type { VersionRow };

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

/** The repository's git directory for `git cat-file --batch`, or null (no git binary): then the JS reader. */
function gitDirOf(root: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['-C', root, 'rev-parse', '--absolute-git-dir'], (e, out) =>
      resolve(e ? null : out.trim() || null),
    );
  });
}

/** Signs `blobs`, calling `onText` per blob; one `git cat-file` per chunk when git is there. */
async function readTexts(
  repo: Repo,
  gitdir: string | null,
  blobs: readonly string[],
  onText: (i: number, text: string) => void,
): Promise<void> {
  if (gitdir !== null) {
    let i = 0;
    await readBlobs(gitdir, blobs, (_oid, text) => onText(i++, text));
    return;
  }
  const read = repo.bulkBlobReader?.() ?? ((oid: string) => repo.readBlob(oid));
  for (const [i, b] of blobs.entries()) onText(i, await read(b));
}

/** Signatures the stored index already has (any tip: rows are content-addressed). */
async function storedSignatures(stored: IndexFile | null): Promise<SignatureTable> {
  if (stored === null) return new SignatureTable(new Uint16Array(0));
  const table = new SignatureTable(await stored.signatures());
  for (const [i, b] of (await stored.blobs()).entries()) table.set(b, i);
  return table;
}

async function rebuild(repo: Repo, root: string, tip: string, stored: IndexFile | null): Promise<number> {
  const rows = await versionRows(repo);
  const dir = `${root}/${EVOHUB_DIR}`;
  await mkdirInEvohub(dir);
  const old = await storedSignatures(stored);
  const journaled = await readJournals(dir);
  const journal = await createJournal(dir);
  let fresh: SignatureTable;
  let missing: string[];
  try {
    missing = [...rows.keys()].filter((b) => !old.get(b) && !journaled.known.get(b));
    const sigs = new Uint16Array(missing.length * SIGNATURE_SIZE);
    fresh = new SignatureTable(sigs);
    const gitdir = await gitDirOf(root);
    for (let from = 0; from < missing.length; from += CHUNK) {
      const chunk = missing.slice(from, from + CHUNK);
      await readTexts(repo, gitdir, chunk, (i, text) => {
        sigs.set(signatureOf(text), (from + i) * SIGNATURE_SIZE);
        fresh.set(chunk[i] as string, from + i);
      });
      await journal.append(
        chunk,
        sigs.subarray(from * SIGNATURE_SIZE, (from + chunk.length) * SIGNATURE_SIZE),
      );
    }
  } finally {
    await journal.close();
  }
  const known = (b: string) => old.get(b) ?? journaled.known.get(b) ?? fresh.get(b);
  await writeFileAtomic(`${root}/${SIMILARITY_PATH}`, encodeIndex(assembleIndex(tip, rows, known)));
  await removeJournals([...journaled.files, journal.file]);
  return missing.length;
}

export type CurrentIndex = {
  /** The open index file for HEAD (the caller closes it). */
  file: IndexFile;
  /** Versions signed by this call (0 when the stored index was current). */
  added: number;
  /** The format of a stored index that another evohub version wrote and this call replaced. */
  replacedFormat: number | null;
};

/** The similarity index for HEAD, open for positioned reads: stored, brought up to date, or built. */
export async function openCurrentIndex(repo: Repo, root: string): Promise<CurrentIndex> {
  const tip = (await repo.head()) ?? '';
  const file = `${root}/${SIMILARITY_PATH}`;
  const stored = await IndexFile.open(file);
  if (stored instanceof IndexFile && stored.layout.tip === tip)
    return { file: stored, added: 0, replacedFormat: null };
  const replacedFormat =
    stored !== null && typeof stored === 'object' && 'format' in stored ? stored.format : null;
  let added: number;
  try {
    added = await rebuild(repo, root, tip, stored instanceof IndexFile ? stored : null);
  } finally {
    if (stored instanceof IndexFile) await stored.close();
  }
  const current = await IndexFile.open(file);
  if (!(current instanceof IndexFile))
    throw new Error(`similarity index: ${file} unreadable right after writing it`);
  return { file: current, added, replacedFormat };
}

/** Brings the stored index up to HEAD; its row count and how many versions were signed. */
export async function currentSimilarityIndex(
  repo: Repo,
  root: string,
): Promise<{ count: number; added: number; replacedFormat: number | null }> {
  const { file, added, replacedFormat } = await openCurrentIndex(repo, root);
  await file.close();
  return { count: file.layout.count, added, replacedFormat };
}
