/**
 * The git port: everything evohub needs from version control, as a small interface (release-please's
 * `src/scm.ts` style). `adapters/git/isomorphic-git-repository.ts` implements it on a local repository; tests
 * and other edges depend only on this file. Paths are repository-relative with `/` separators.
 */

export type Signature = { name: string; email: string };

export type CommitInfo = {
  oid: string;
  author: Signature;
  /** Author date, ISO 8601 in UTC. */
  date: string;
  /** Full commit message. */
  message: string;
  parents: string[];
};

/** One commit in a prompt file's history: the commit changed the file (added, modified or deleted it). */
export type PromptHistoryEntry = {
  path: string;
  commit: CommitInfo;
  /** Blob of the file in that commit; null when the commit deleted it. */
  blob: string | null;
  /** The file's top-level `version` in that commit; null when it has none (or the commit deleted it). */
  version: number | null;
};

/** The light form of a history entry, enough to answer `name@<version>`. */
export type PromptVersionRef = { commit: string; blob: string | null; version: number | null };

/**
 * A file's state in the working tree relative to HEAD and the git index: `clean` (same everywhere),
 * `modified` (changed, staged or not, or deleted), `untracked` (exists, unknown to git), `absent` (nowhere),
 * `ignored` (matched by .gitignore).
 */
export type FileStatus = 'clean' | 'modified' | 'untracked' | 'absent' | 'ignored';

/** A file to write (`content` as text) or delete (`content: null`) in a commit. */
export type FileChange = { path: string; content: string | null };

export type CommitOptions = {
  author?: Signature;
  /** Seconds since the epoch; defaults to now. For reproducible commits in tests. */
  timestamp?: number;
};

export type PromptRepository = {
  /** Absolute path of the working tree root. */
  readonly root: string;
  /** Commit oid a ref, tag (peeled), full or abbreviated oid resolves to; null when it names nothing. */
  resolveCommit(rev: string): Promise<string | null>;
  /** Oid HEAD points to; null in a repository with no commits yet. */
  head(): Promise<string | null>;
  /** The checked-out branch's short name; null when HEAD is detached. */
  currentBranch(): Promise<string | null>;
  readCommit(oid: string): Promise<CommitInfo>;
  /** A file's text at a commit; null when the file does not exist there. */
  readFileAt(commit: string, path: string): Promise<{ text: string; blob: string } | null>;
  /** A blob's text by oid. */
  readBlob(oid: string): Promise<string>;
  /** Every `*.prompt.yml` / `*.prompt.yaml` path at a commit, sorted. */
  listPromptFilesAt(commit: string): Promise<string[]>;
  /** Commits reachable from HEAD that changed the prompt file at `path`, newest first. */
  history(path: string): Promise<PromptHistoryEntry[]>;
  /** The same commits as `history`, without commit details (cheaper: what `name@<version>` needs). */
  versions(path: string): Promise<PromptVersionRef[]>;
  /** Paths of prompt files that ever existed in HEAD's history (from the version index). */
  knownPromptPaths(): Promise<string[]>;
  /**
   * The known paths whose prompt name is `name` (or equal to `name`, a path), sorted: what resolving a name
   * needs, without loading every path (the version index keeps paths sharded by name). Optional: callers fall
   * back to `knownPromptPaths`.
   */
  knownPromptPathsNamed?(name: string): Promise<string[]>;
  status(path: string): Promise<FileStatus>;
  /**
   * Commits `files` on the current branch and updates the working tree and git index for those files only.
   * Refuses with ConflictError, changing nothing, when any of them has uncommitted edits.
   */
  commit(files: readonly FileChange[], message: string, options?: CommitOptions): Promise<string>;
  /**
   * Commits `files` on top of `parent` to branch `branch` (created, or moved forward from `parent`) without
   * touching the current branch, the working tree or the git index.
   */
  commitToBranch(
    branch: string,
    files: readonly FileChange[],
    message: string,
    parent: string,
    options?: CommitOptions,
  ): Promise<string>;
};
