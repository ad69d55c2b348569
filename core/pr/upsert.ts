/**
 * Idempotent pull-request and comment updates over the forge port: running again updates what the last run
 * made instead of adding another. No I/O of its own; the forge is injected.
 */
import { ForgeError } from '../errors.ts';
import type { CreatePullRequestInput, Forge, IssueComment, PullRequest } from '../ports/forge.ts';

export type UpsertPullRequestInput = CreatePullRequestInput & {
  labels?: readonly string[];
  reviewers?: readonly string[];
};

export type UpsertResult = { pullRequest: PullRequest; action: 'created' | 'updated' };

function alreadyExists(e: unknown): boolean {
  return e instanceof ForgeError && e.failure === 'validation' && /already exists/i.test(e.message);
}

/**
 * Opens the pull request from `head`, or updates the open one's title and body. A 422 "already exists" (a
 * race with another run, or a pull request the list did not show) is answered by finding it and updating.
 */
export async function upsertPullRequest(forge: Forge, input: UpsertPullRequestInput): Promise<UpsertResult> {
  let existing = await forge.findOpenPullRequest(input.head, input.base);
  let action: UpsertResult['action'] = 'updated';
  let pr: PullRequest;
  if (!existing) {
    try {
      pr = await forge.createPullRequest(input);
      action = 'created';
    } catch (e) {
      if (!alreadyExists(e)) throw e;
      existing = await forge.findOpenPullRequest(input.head);
      if (!existing) throw e;
      pr = await forge.updatePullRequest(existing.number, { title: input.title, body: input.body });
    }
  } else {
    pr = await forge.updatePullRequest(existing.number, { title: input.title, body: input.body });
  }
  const labels = (input.labels ?? []).filter((l) => !pr.labels.includes(l));
  if (labels.length) await forge.addLabels(pr.number, labels);
  if (input.reviewers?.length) await forge.requestReviewers(pr.number, input.reviewers);
  return { pullRequest: { ...pr, labels: [...pr.labels, ...labels] }, action };
}

/** The hidden marker that finds evohub's comment again: `<!-- evohub:<key> -->`. */
export function commentMarker(key: string): string {
  if (!/^[\w.:/-]+$/.test(key)) throw new Error(`invalid comment marker key: ${key}`);
  return `<!-- evohub:${key} -->`;
}

export type CommentResult = { comment: IssueComment; action: 'created' | 'updated' | 'unchanged' };

/**
 * Posts `body` as the single comment carrying `marker` on pull request `number`, or updates that comment.
 * `body` must contain the marker (renderComparisonComment puts it in).
 */
export async function upsertMarkedComment(
  forge: Forge,
  number: number,
  marker: string,
  body: string,
): Promise<CommentResult> {
  if (!body.includes(marker)) throw new Error('comment body lacks its marker');
  const comments = await forge.listComments(number);
  const ours = comments.find((c) => c.body.includes(marker));
  if (!ours) return { comment: await forge.createComment(number, body), action: 'created' };
  if (ours.body === body) return { comment: ours, action: 'unchanged' };
  return { comment: await forge.updateComment(ours.id, body), action: 'updated' };
}
