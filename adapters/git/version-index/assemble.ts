/**
 * What both index builders share: the walked commits (with the prompt files each changed) put in `git log`
 * order and turned into per-path version entries.
 */
import type { CommitInfo } from '../../../core/ports/prompt-repository.ts';
import { SKIPPED_DIRS } from '../../../core/prompt/name.ts';
import { PROMPT_FILE } from '../prompt-version.ts';

/** [commit, blob (null: deleted), version (null: none)] */
export type IndexEntry = [string, string | null, number | null];

export type WalkedCommit = {
  oid: string;
  parents: string[];
  /** Committer time (seconds), for the newest-first order. */
  time: number;
  info: CommitInfo;
  /** Prompt files this commit changed: path → blob (null: deleted). */
  changed: Map<string, string | null>;
};

/** What an update adds: new entries per path (newest first), the details and committer times of their commits. */
export type IndexDelta = {
  fresh: Map<string, IndexEntry[]>;
  info: Map<string, CommitInfo>;
  times: Map<string, number>;
};

/** A prompt file (`*.prompt.yml`), not under a folder the prompt finder skips (node_modules, .evohub, .git). */
export function isPromptPath(path: string): boolean {
  if (!PROMPT_FILE.test(path)) return false;
  const parts = path.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (SKIPPED_DIRS.has(parts[i] as string)) return false;
  return true;
}

/**
 * Newest first, like `git log`: by committer time, ties broken by a depth-first walk from the tip (first parent
 * first). Commits absent from `commits` (already indexed) end the walk.
 */
export function orderCommits(commits: readonly WalkedCommit[], tip: string): WalkedCommit[] {
  const byOid = new Map(commits.map((c) => [c.oid, c]));
  const walked: WalkedCommit[] = [];
  const seen = new Set<string>();
  const stack = [tip];
  while (stack.length > 0) {
    const oid = stack.pop() as string;
    const c = byOid.get(oid);
    if (c === undefined || seen.has(oid)) continue;
    seen.add(oid);
    walked.push(c);
    for (let i = c.parents.length - 1; i >= 0; i--) stack.push(c.parents[i] as string);
  }
  const order = walked.map((w, i) => ({ w, i }));
  order.sort((x, y) => y.w.time - x.w.time || x.i - y.i);
  return order.map((o) => o.w);
}

/** Blobs whose version is needed, each once, in first-use order. */
export function blobsToRead(ordered: readonly WalkedCommit[]): string[] {
  const blobs = new Set<string>();
  for (const c of ordered) for (const b of c.changed.values()) if (b) blobs.add(b);
  return [...blobs];
}

export function deltaOf(
  ordered: readonly WalkedCommit[],
  versions: ReadonlyMap<string, number | null>,
): IndexDelta {
  const fresh = new Map<string, IndexEntry[]>();
  const info = new Map<string, CommitInfo>();
  const times = new Map<string, number>();
  for (const c of ordered) {
    for (const [path, blob] of c.changed) {
      const list = fresh.get(path) ?? [];
      list.push([c.oid, blob, blob ? (versions.get(blob) ?? null) : null]);
      fresh.set(path, list);
      info.set(c.oid, c.info);
      times.set(c.oid, c.time);
    }
  }
  return { fresh, info, times };
}
