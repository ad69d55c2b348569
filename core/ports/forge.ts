/**
 * The forge port: what evohub needs from GitHub (or a stand-in) to hand winners back as pull requests and to
 * comment on pull requests (release-please's `src/scm.ts` style). `adapters/forge/github-forge.ts` implements it
 * over @octokit/rest, `adapters/forge/local-forge.ts` as proposal records under `.evohub/proposals/`.
 * Failures are `ForgeError` (core/errors.ts) naming the token variable and the permission needed, never a token.
 */

export type RepoRef = { owner: string; repo: string };

export type RepositoryInfo = {
  fullName: string;
  defaultBranch: string;
  /** Whether the token may push and open pull requests (`contents: write`); unknown when the forge does not say. */
  canPush: boolean | null;
};

export type PullRequest = {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  /** Web page of the pull request. */
  url: string;
  head: { ref: string; sha: string; repoFullName: string | null };
  base: { ref: string; sha: string; repoFullName: string };
  /** The head branch lives in another repository (a fork): its workflows get a read-only token. */
  fromFork: boolean;
  labels: string[];
};

export type IssueComment = { id: number; body: string; url: string };

export type CreatePullRequestInput = {
  head: string;
  base: string;
  title: string;
  body: string;
  draft?: boolean;
};

export type Forge = {
  /** `github` or `local`; printed by commands so the user knows where the pull request went. */
  readonly kind: string;
  readonly repo: RepoRef;
  getRepository(): Promise<RepositoryInfo>;
  getPullRequest(number: number): Promise<PullRequest>;
  /** The open pull request from branch `head` of this repository (into `base` when given); null when none. */
  findOpenPullRequest(head: string, base?: string): Promise<PullRequest | null>;
  createPullRequest(input: CreatePullRequestInput): Promise<PullRequest>;
  updatePullRequest(number: number, patch: { title?: string; body?: string }): Promise<PullRequest>;
  addLabels(number: number, labels: readonly string[]): Promise<void>;
  requestReviewers(number: number, reviewers: readonly string[]): Promise<void>;
  /** All comments on the pull request's conversation, oldest first. */
  listComments(number: number): Promise<IssueComment[]>;
  createComment(number: number, body: string): Promise<IssueComment>;
  updateComment(commentId: number, body: string): Promise<IssueComment>;
};

/**
 * A branch on the remote the forge serves, as the proposal flow needs it: its tip, a push, and a delete to
 * undo a push whose pull request could not be opened. `adapters/git/push.ts` implements it over smart HTTP.
 */
export type RemoteBranches = {
  /** Tip of `branch` on the remote; null when the remote has no such branch. */
  remoteTip(branch: string): Promise<string | null>;
  push(branch: string, options?: { force?: boolean }): Promise<void>;
  deleteRemoteBranch(branch: string): Promise<void>;
};
