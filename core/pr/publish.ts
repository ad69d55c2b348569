/**
 * Publishing a proposal: preflight the forge, push the branch, open or update the pull request. Order chosen so
 * that no half-state survives a failure: the permission check runs before the push (a read-only token pushes
 * nothing), and when opening the pull request fails after a push that CREATED the remote branch, that branch is
 * deleted again (an existing branch is left as it was: it may already carry an open pull request). Running
 * again after any failure repairs: the push is idempotent and the pull request is found and updated.
 */
import { ForgeError } from '../errors.ts';
import type { Forge, RemoteBranches } from '../ports/forge.ts';
import { type UpsertPullRequestInput, type UpsertResult, upsertPullRequest } from './upsert.ts';

export type PublishInput = Omit<UpsertPullRequestInput, 'base'> & {
  /** Target branch; defaults to the repository's default branch. */
  base?: string;
  force?: boolean;
  tokenVariable?: string;
};

export type PublishResult = UpsertResult & { branchCreated: boolean };

export async function publishProposal(
  forge: Forge,
  remote: RemoteBranches,
  input: PublishInput,
): Promise<PublishResult> {
  const repo = await forge.getRepository();
  if (repo.canPush === false) {
    throw new ForgeError('forbidden', `the token cannot push to ${repo.fullName}`, {
      hint: `grant ${input.tokenVariable ?? 'the token'} contents: write and pull-requests: write`,
    });
  }
  const base = input.base ?? repo.defaultBranch;
  const before = await remote.remoteTip(input.head);
  await remote.push(input.head, input.force ? { force: true } : {});
  try {
    const result = await upsertPullRequest(forge, { ...input, base });
    return { ...result, branchCreated: before === null };
  } catch (e) {
    if (before === null) {
      // Best effort: the original error is what the user needs; a failed cleanup is named in its hint.
      try {
        await remote.deleteRemoteBranch(input.head);
      } catch (cleanup) {
        if (e instanceof ForgeError) {
          throw new ForgeError(e.failure, e.message, {
            ...(e.status !== undefined ? { status: e.status } : {}),
            hint: `${e.hint ? `${e.hint}; ` : ''}the pushed branch ${input.head} could not be deleted (${
              cleanup instanceof Error ? cleanup.message : String(cleanup)
            }); running again reuses it`,
            cause: e,
          });
        }
      }
    }
    throw e;
  }
}
