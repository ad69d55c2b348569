/**
 * Whether a commit a pin would name is on the default branch. Pinning a commit that exists only on a feature
 * branch deploys a prompt nobody merged (and that a branch deletion plus gc can make disappear).
 */
import * as fs from 'node:fs';
import git from 'isomorphic-git';
import { isGitNotFound } from '../../adapters/fs-errors.ts';
import { FailedCheckError } from '../../core/errors.ts';

export type MergedState = { branch: string; merged: boolean } | { branch: string; missing: true };

/** The tip of `branch` locally, else of its `origin` copy. */
async function tipOf(root: string, branch: string): Promise<string | null> {
  for (const ref of [`refs/heads/${branch}`, `refs/remotes/origin/${branch}`]) {
    // Only "no such branch" moves on to the next place; a damaged ref is reported.
    const oid = await git.resolveRef({ fs, dir: root, ref }).catch((error: unknown) => {
      if (isGitNotFound(error)) return null;
      throw error;
    });
    if (oid) return oid;
  }
  return null;
}

export async function mergedState(root: string, commit: string, branch: string): Promise<MergedState> {
  const tip = await tipOf(root, branch);
  if (!tip) return { branch, missing: true };
  if (tip === commit) return { branch, merged: true };
  const merged = await git.isDescendent({ fs, dir: root, oid: tip, ancestor: commit, depth: -1 });
  return { branch, merged };
}

/** Warns (or, with `requireMerged`, refuses) when the pinned commit is not reachable from the default branch. */
export async function checkPinMerged(
  write: (line: string) => void,
  root: string,
  commit: string,
  branch: string,
  requireMerged: boolean,
): Promise<void> {
  const state = await mergedState(root, commit, branch);
  if ('merged' in state && state.merged) return;
  const why =
    'missing' in state
      ? `the default branch "${branch}" does not exist here, so ${commit.slice(0, 7)} cannot be checked`
      : `commit ${commit.slice(0, 7)} is not reachable from the default branch "${branch}" (not merged)`;
  if (requireMerged)
    throw new FailedCheckError(`refusing to pin: ${why}`, {
      hint: `merge it into ${branch} first, or drop --require-merged (evohub.yaml github.baseBranch names the default branch)`,
    });
  write(`warning: ${why}; the environment will serve an unmerged prompt\n`);
}
