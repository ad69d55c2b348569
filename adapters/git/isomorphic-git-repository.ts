/**
 * The git port on a local repository, with isomorphic-git and node:fs. Reads what the git CLI writes (loose and
 * packed refs, packfiles, annotated tags); writes plain objects that `git fsck --strict` accepts.
 */
import * as fs from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import git from 'isomorphic-git';
import { ConflictError, GitError, UsageError } from '../../core/errors.ts';
import { writeFileAtomic } from '../../core/fs/atomic-write.ts';
import type {
  CommitInfo,
  CommitOptions,
  FileChange,
  FileStatus,
  PromptHistoryEntry,
  PromptRepository,
  PromptVersionRef,
  Signature,
} from '../../core/ports/prompt-repository.ts';
import { durableObjectsFs } from './durable-fs.ts';
import { readHead } from './head.ts';
import { moveRef, refValue } from './move-ref.ts';
import { ObjectReader } from './object-reader.ts';
import { exists, isValidBranchName } from './path-checks.ts';
import { resolveRevision } from './resolve-revision.ts';
import {
  editTree,
  type GitHandle,
  gitHandle,
  promptBlobsIn,
  readBlobText,
  readCommitObject,
  symlinkOnPath,
} from './trees.ts';
import { damagedObjectError, firstDamagedObject } from './verify-objects.ts';
import { serialized } from './version-index/serialized.ts';
import {
  commitInfoOf,
  DamagedIndexError,
  type IndexEntry,
  IndexReader,
  loadManifest,
  type Manifest,
  readShallow,
  sameShallow,
  updateIndex,
} from './version-index.ts';

export type OpenOptions = {
  /** Author of evohub's commits when a call gives none; else the repository's user.name/user.email. */
  author?: Signature;
  /** Used when the repository's config names no user (the CLI passes ~/.gitconfig's). */
  fallbackAuthor?: Signature;
};

const FALLBACK_AUTHOR: Signature = { name: 'evohub', email: 'evohub@localhost' };

/** Opens the repository containing `dir` (searching upwards, as git does). */
export async function openGitRepository(dir: string, options: OpenOptions = {}): Promise<GitRepository> {
  const start = path.resolve(dir);
  let root: string;
  try {
    root = await git.findRoot({ fs, filepath: start });
  } catch {
    throw new GitError(`${start} is not inside a git repository`, {
      location: { file: start },
      hint: 'run `git init` there, or `npx evohub init` to scaffold a prompt repository',
    });
  }
  return new GitRepository(gitHandle(root), options);
}

/** Creates a repository (`git init`, branch `main`) in `dir` when there is none; returns it. */
export async function initGitRepository(dir: string, options: OpenOptions = {}): Promise<GitRepository> {
  const root = path.resolve(dir);
  await mkdir(root, { recursive: true });
  await git.init({ fs, dir: root, defaultBranch: 'main' });
  return new GitRepository(gitHandle(root), options);
}

/** Repository-relative paths only: no absolute paths, `..`, empty segments or `.git`. */
function checkPath(p: string): void {
  const parts = p.split('/');
  if (p.startsWith('/') || parts.some((s) => s === '' || s === '.' || s === '..' || s === '.git')) {
    throw new UsageError(`not a repository-relative file path: ${p}`);
  }
}

export class GitRepository implements PromptRepository {
  readonly root: string;
  readonly #h: GitHandle;
  /** The handle for writing objects: temp file + fsync + rename, existing objects verified first. */
  readonly #w: GitHandle;
  readonly #author: Signature | undefined;
  readonly #fallbackAuthor: Signature;
  #index: IndexReader | null = null;
  readonly #serial = serialized();

  constructor(h: GitHandle, options: OpenOptions) {
    this.#h = h;
    this.#w = { ...h, fs: durableObjectsFs() };
    this.root = h.dir;
    this.#author = options.author;
    this.#fallbackAuthor = options.fallbackAuthor ?? FALLBACK_AUTHOR;
  }

  async head(): Promise<string | null> {
    return readHead(this.#h);
  }

  async currentBranch(): Promise<string | null> {
    return (await git.currentBranch({ ...this.#h, fullname: false })) ?? null;
  }

  /**
   * `HEAD`, a branch, a tag (annotated ones peeled), any full ref, a full or abbreviated (4+ hex digits) oid,
   * each optionally followed by `~N` / `^` (first-parent steps). Refs win over oids, as in git.
   */
  async resolveCommit(rev: string): Promise<string | null> {
    return resolveRevision(this.#h, rev);
  }

  async readCommit(oid: string): Promise<CommitInfo> {
    return commitInfoOf(oid, await readCommitObject(this.#h, oid));
  }

  async readFileAt(commit: string, filepath: string): Promise<{ text: string; blob: string } | null> {
    try {
      const { blob, oid } = await git.readBlob({ ...this.#h, oid: commit, filepath });
      return { text: Buffer.from(blob).toString('utf8'), blob: oid };
    } catch (e) {
      if ((e as { code?: string }).code === 'NotFoundError') return null;
      throw e;
    }
  }

  /** Reads a blob by oid (the version index gives blob oids directly). */
  async readBlob(oid: string): Promise<string> {
    return readBlobText(this.#h, oid);
  }

  /** The first component of `filepath` that is a symbolic link at `commit` (writing there would follow it), or null. */
  async symlinkOnPathAt(commit: string, filepath: string): Promise<string | null> {
    const { tree } = await readCommitObject(this.#h, commit);
    return symlinkOnPath(this.#h, tree, filepath);
  }

  async listPromptFilesAt(commit: string): Promise<string[]> {
    const { tree } = await readCommitObject(this.#h, commit);
    return [...(await promptBlobsIn(this.#h, tree)).keys()].sort();
  }

  /**
   * The version index for the current HEAD: from memory, else from disk when its tip is HEAD, else brought up to
   * date (incrementally when HEAD moved forward or elsewhere in the same history) and persisted. Buckets are read
   * on demand.
   */
  async #currentIndex(): Promise<IndexReader | null> {
    const tip = await this.head();
    if (tip === null) return null;
    const shallow = await readShallow(this.#h.gitdir);
    const fresh = (m: Manifest | null | undefined): m is Manifest =>
      m?.tip === tip && sameShallow(m, shallow);
    if (fresh(this.#index?.manifest)) return this.#index;
    const stored = await loadManifest(this.root);
    if (fresh(stored)) {
      this.#index = new IndexReader(this.root, stored);
      return this.#index;
    }
    return this.#update(stored ? new IndexReader(this.root, stored) : null, tip, shallow);
  }

  /**
   * One index update at a time per repository object: concurrent reads (the dashboard answers several requests at
   * once) would otherwise build side by side, and one's clean-up would delete the other's new buckets.
   */
  #update(previous: IndexReader | null, tip: string, shallow: readonly string[]): Promise<IndexReader> {
    return this.#serial(async () => {
      const current = this.#index?.manifest;
      if (previous !== null && current?.tip === tip && sameShallow(current, shallow))
        return this.#index as IndexReader;
      return this.#updateNow(previous, tip, shallow);
    });
  }

  async #updateNow(
    previous: IndexReader | null,
    tip: string,
    shallow: readonly string[],
  ): Promise<IndexReader> {
    try {
      this.#index = await updateIndex(this.#h, this.root, previous, tip, shallow);
    } catch (e) {
      // A stored index naming objects that no longer exist (gc after a rewrite), or damaged: rebuild.
      if (previous === null) throw historyError(this.root, e);
      this.#index = await updateIndex(this.#h, this.root, null, tip, shallow).catch((e2: unknown) => {
        throw historyError(this.root, e2);
      });
    }
    return this.#index;
  }

  /** Runs a read on the current index; a bucket found missing or corrupt (damage, a concurrent rewrite) rebuilds. */
  async #withIndex<T>(read: (index: IndexReader) => Promise<T>, none: T): Promise<T> {
    const index = await this.#currentIndex();
    if (index === null) return none;
    try {
      return await read(index);
    } catch (e) {
      if (!(e instanceof DamagedIndexError)) throw e;
      this.#index = null;
      const again = await this.#currentIndex();
      if (again === null) return none;
      try {
        return await read(again);
      } catch (e2) {
        if (!(e2 instanceof DamagedIndexError)) throw e2;
        return read(await this.#update(null, again.manifest.tip, again.manifest.shallow));
      }
    }
  }

  async history(filepath: string): Promise<PromptHistoryEntry[]> {
    return this.#withIndex((i) => i.history(filepath), []);
  }

  async versions(filepath: string): Promise<PromptVersionRef[]> {
    const entries = await this.#withIndex((i) => i.entries(filepath), []);
    return entries.map(([commit, blob, version]) => ({ commit, blob, version }));
  }

  /** Every prompt path's version entries at once (whole-history work: the similarity index), no copies. */
  async allVersions(): Promise<Readonly<Record<string, readonly IndexEntry[]>>> {
    return this.#withIndex((i) => i.all(), {});
  }

  /** Reads many blobs in one pass: whole packfiles in memory, native zlib; isomorphic-git for the rest. */
  bulkBlobReader(): (oid: string) => Promise<string> {
    const h: GitHandle = { ...this.#h, objects: new ObjectReader(this.#h.gitdir, { wholePacks: true }) };
    return (oid) => readBlobText(h, oid);
  }

  async knownPromptPathsNamed(name: string): Promise<string[]> {
    return this.#withIndex((i) => i.pathsNamed(name), []);
  }

  async knownPromptPaths(): Promise<string[]> {
    return [...(await this.#withIndex((i) => i.paths(), []))];
  }

  async status(filepath: string): Promise<FileStatus> {
    checkPath(filepath);
    // refresh: false — a read must not rewrite the user's .git/index (stat cache, extensions).
    const s = await git.status({ ...this.#h, filepath, refresh: false });
    if (s === 'unmodified') return 'clean';
    if (s === 'absent') return 'absent';
    if (s === '*added') return 'untracked';
    if (s === 'ignored') return (await exists(`${this.root}/${filepath}`)) ? 'ignored' : 'absent';
    return 'modified';
  }

  async #authorFor(options: CommitOptions): Promise<Signature> {
    if (options.author) return options.author;
    if (this.#author) return this.#author;
    const name = await git.getConfig({ ...this.#h, path: 'user.name' });
    const email = await git.getConfig({ ...this.#h, path: 'user.email' });
    return typeof name === 'string' && typeof email === 'string' ? { name, email } : this.#fallbackAuthor;
  }

  /** Writes blobs and a commit object (nothing a ref points to yet). */
  async #writeCommit(
    parent: string | null,
    files: readonly FileChange[],
    message: string,
    options: CommitOptions,
  ): Promise<{ oid: string; blobs: Map<string, string | null> }> {
    const blobs = new Map<string, string | null>();
    for (const f of files) {
      checkPath(f.path);
      if (blobs.has(f.path)) throw new UsageError(`file ${f.path} given twice in one commit`);
      blobs.set(
        f.path,
        f.content === null ? null : await git.writeBlob({ ...this.#w, blob: Buffer.from(f.content, 'utf8') }),
      );
    }
    const base = parent ? (await git.readCommit({ ...this.#h, oid: parent })).commit.tree : null;
    const tree = (await editTree(this.#w, base, blobs)) as string;
    const who = await this.#authorFor(options);
    const stamp = {
      ...who,
      timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
      timezoneOffset: 0,
    };
    const oid = await git.writeCommit({
      ...this.#w,
      commit: {
        tree,
        parent: parent ? [parent] : [],
        author: stamp,
        committer: stamp,
        message: message.endsWith('\n') ? message : `${message}\n`,
      },
    });
    return { oid, blobs };
  }

  /** ConflictError when writing `f` would lose something the user has not committed. */
  async #assertSafeToWrite(f: FileChange): Promise<void> {
    const st = await this.status(f.path);
    if (st === 'clean' || st === 'absent') return;
    if ((st === 'untracked' || st === 'ignored') && f.content !== null) {
      // An unreadable file is not the same content: the conflict below is reported.
      const current = await readFile(`${this.root}/${f.path}`, 'utf8').catch(() => null);
      if (current === f.content) return;
    }
    throw new ConflictError(`${f.path} has uncommitted changes (${st}); evohub will not overwrite them`, {
      location: { file: path.join(this.root, f.path) },
      hint: 'commit, stash or discard your edits to that file, then run the command again',
    });
  }

  async commit(files: readonly FileChange[], message: string, options: CommitOptions = {}): Promise<string> {
    if (files.length === 0) throw new UsageError('nothing to commit');
    const branchRef = await git.currentBranch({ ...this.#h, fullname: true });
    const ref = branchRef ?? 'HEAD';
    const parent = await this.head();
    for (const f of files) await this.#assertSafeToWrite(f);
    const { oid, blobs } = await this.#writeCommit(parent, files, message, options);
    await moveRef(this.#h, ref, parent, oid);
    for (const [p, blob] of blobs) {
      const full = `${this.root}/${p}`;
      if (blob === null) {
        await rm(full, { force: true });
        await git.updateIndex({ ...this.#h, filepath: p, remove: true, force: true });
      } else {
        const f = files.find((x) => x.path === p) as FileChange;
        await mkdir(path.dirname(full), { recursive: true });
        await writeFileAtomic(full, f.content as string);
        await git.updateIndex({ ...this.#h, filepath: p, add: true });
      }
    }
    return oid;
  }

  /**
   * Moves `ref` from `expected` to `oid` under git's own lock file (`<ref>.lock`), so that a concurrent
   * `git commit` or another evohub either waits its turn or fails; never two writers at once. The new value is
   * written into the lock file, fsynced and renamed onto the ref (as git does): the ref is never half-written,
   * and it moves only after every object of the commit is durable (`#writeCommit` has returned).
   */
  /**
   * GitError unless `commit`, its tree and every object under it are present and intact (loose objects hash
   * to their id). Anything handed to someone else (a proposal) is checked first.
   */
  async verifyCommit(commit: string, what: string): Promise<void> {
    const bad = await firstDamagedObject(this.#h.gitdir, commit);
    if (bad !== null) throw damagedObjectError(this.#h.gitdir, bad, `${what} (${commit.slice(0, 7)})`);
  }

  async commitToBranch(
    branch: string,
    files: readonly FileChange[],
    message: string,
    parent: string,
    options: CommitOptions = {},
  ): Promise<string> {
    const ref = `refs/heads/${branch}`;
    if (!isValidBranchName(branch)) throw new UsageError(`invalid branch name: ${branch}`);
    if ((await git.currentBranch({ ...this.#h, fullname: true })) === ref) {
      throw new ConflictError(`branch ${branch} is checked out`, {
        hint: 'commitToBranch never moves the current branch; use another branch name',
      });
    }
    const existing = await refValue(this.#h, ref);
    if (existing !== null && existing !== parent) {
      throw new ConflictError(
        `branch ${branch} exists at ${existing.slice(0, 7)}, not at ${parent.slice(0, 7)}`,
        {
          hint: 'pick a new branch name or pass the branch tip as parent',
        },
      );
    }
    const { oid } = await this.#writeCommit(parent, files, message, options);
    await moveRef(this.#h, ref, existing, oid);
    return oid;
  }
}

function historyError(root: string, cause: unknown): GitError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new GitError(`cannot read the history of HEAD in ${root}: ${why}`, {
    hint: 'the repository may be damaged; `git fsck` tells more',
    cause,
  });
}
