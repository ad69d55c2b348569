/**
 * Webhook payloads of the real shape for tests that run as the Actions runner does (GITHUB_EVENT_PATH): built
 * from GitHub's own examples with our values laid over, and checked against the webhook schema in
 * @octokit/openapi, so a payload that drifts from GitHub's fails here.
 */
import type { OpenApiContract } from './openapi.ts';

type Obj = Record<string, unknown>;

export type PullRequestEventInput = {
  action?: 'opened' | 'synchronize' | 'reopened';
  number: number;
  /** owner/name of the base repository. */
  repo: string;
  /** owner/name of the head repository; differs from `repo` for a fork. */
  headRepo?: string;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string };
};

export function pullRequestEvent(contract: OpenApiContract, input: PullRequestEventInput): Obj {
  const action = input.action ?? 'opened';
  const pr = contract.componentExample('pull-request') as Obj;
  const repository = contract.componentExample('full-repository') as Obj;
  const setRepo = (r: Obj, fullName: string) => {
    const [owner, name] = fullName.split('/') as [string, string];
    Object.assign(r, { name, full_name: fullName, visibility: 'public' });
    (r.owner as Obj).login = owner;
  };
  // The example's team lacks `type`, which the webhook schema requires: no team reviewers here.
  Object.assign(pr, { number: input.number, state: 'open', requested_teams: [] });
  Object.assign(pr.base as Obj, { ref: input.base.ref, sha: input.base.sha });
  Object.assign(pr.head as Obj, { ref: input.head.ref, sha: input.head.sha });
  setRepo((pr.base as Obj).repo as Obj, input.repo);
  setRepo((pr.head as Obj).repo as Obj, input.headRepo ?? input.repo);
  setRepo(repository, input.repo);
  // The example's template repository has `language: null` where the webhook schema wants a string.
  delete repository.template_repository;
  const payload: Obj = {
    action,
    number: input.number,
    pull_request: pr,
    repository,
    sender: pr.user,
    ...(action === 'synchronize' ? { before: input.base.sha, after: input.head.sha } : {}),
  };
  const check = contract.checkComponent(`webhook-pull-request-${action}`, payload);
  if (!check.ok)
    throw new Error(`pull_request event does not match GitHub's schema: ${check.errors.join('; ')}`);
  return payload;
}
