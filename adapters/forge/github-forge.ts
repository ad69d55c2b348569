import { Octokit } from '@octokit/rest';
import { ForgeError } from '../../core/errors.ts';
import type {
  CreatePullRequestInput,
  Forge,
  IssueComment,
  PullRequest,
  RepoRef,
  RepositoryInfo,
} from '../../core/ports/forge.ts';
import { createRedactor } from '../../core/redact.ts';
import { type TokenContext, toForgeError } from './github-errors.ts';

export type GitHubForgeOptions = {
  repo: RepoRef;
  /** The token's value; undefined or empty gives a ForgeError naming `tokenVariable`. */
  token: string | undefined;
  /** Name of the variable the token came from, for messages (default GITHUB_TOKEN). */
  tokenVariable?: string;
  /** REST API root, from GITHUB_API_URL (GitHub Enterprise: https://host/api/v3). */
  apiUrl?: string;
  /** Injected fetch (tests); defaults to the global one. */
  fetch?: typeof fetch;
};

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

type ApiPull = {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  html_url: string;
  labels?: Array<{ name?: string } | string>;
  head: { ref: string; sha: string; repo: { full_name: string } | null };
  base: { ref: string; sha: string; repo: { full_name: string } };
};

type ApiComment = { id: number; body?: string; html_url: string };

function toPull(p: ApiPull): PullRequest {
  const headRepo = p.head.repo?.full_name ?? null;
  return {
    number: p.number,
    title: p.title,
    body: p.body ?? '',
    state: p.state === 'open' ? 'open' : 'closed',
    url: p.html_url,
    head: { ref: p.head.ref, sha: p.head.sha, repoFullName: headRepo },
    base: { ref: p.base.ref, sha: p.base.sha, repoFullName: p.base.repo.full_name },
    // A deleted fork shows as a null head repository; treat it as a fork (its token is read-only too).
    fromFork: headRepo !== p.base.repo.full_name,
    labels: (p.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
  };
}

function toComment(c: ApiComment): IssueComment {
  return { id: c.id, body: c.body ?? '', url: c.html_url };
}

/** Whether a 422 from `pulls.create` says that this head already has an open pull request. */
export function isAlreadyExists(e: unknown): boolean {
  return e instanceof ForgeError && e.failure === 'validation' && /already exists/i.test(e.message);
}

/** The forge over GitHub's REST API (@octokit/rest). Creating it does no I/O. */
export function createGitHubForge(options: GitHubForgeOptions): Forge {
  const tokenVariable = options.tokenVariable ?? 'GITHUB_TOKEN';
  const apiUrl = (options.apiUrl || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  const ctx: TokenContext = { tokenVariable, apiUrl, redact: createRedactor([options.token]) };
  if (!options.token) {
    throw new ForgeError('unauthorized', `no GitHub token: ${tokenVariable} is not set`, {
      hint: `set ${tokenVariable} (in a workflow: env: ${tokenVariable}: \${{ secrets.GITHUB_TOKEN }})`,
    });
  }
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: apiUrl,
    userAgent: 'evohub',
    request: options.fetch ? { fetch: options.fetch } : {},
    // Octokit logs warnings and 4xx details through console by default; we report errors ourselves.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const { owner, repo } = options.repo;

  async function call<T>(operation: string, needed: string, fn: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await fn()).data;
    } catch (error) {
      throw toForgeError(error, operation, needed, ctx);
    }
  }

  return {
    kind: 'github',
    repo: options.repo,

    async getRepository(): Promise<RepositoryInfo> {
      const r = await call('get repository', 'contents: read', () => octokit.rest.repos.get({ owner, repo }));
      return {
        fullName: r.full_name,
        defaultBranch: r.default_branch,
        canPush: r.permissions ? r.permissions.push : null,
      };
    },

    async getPullRequest(number) {
      const p = await call('get pull request', 'pull-requests: read', () =>
        octokit.rest.pulls.get({ owner, repo, pull_number: number }),
      );
      return toPull(p as ApiPull);
    },

    async findOpenPullRequest(head, base) {
      const pulls = await call('list pull requests', 'pull-requests: read', () =>
        octokit.rest.pulls.list({
          owner,
          repo,
          state: 'open',
          head: `${owner}:${head}`,
          ...(base ? { base } : {}),
        }),
      );
      const found = (pulls as ApiPull[]).find((p) => p.head.ref === head);
      return found ? toPull(found) : null;
    },

    async createPullRequest(input: CreatePullRequestInput) {
      const p = await call('create pull request', 'pull-requests: write', () =>
        octokit.rest.pulls.create({
          owner,
          repo,
          head: input.head,
          base: input.base,
          title: input.title,
          body: input.body,
          ...(input.draft ? { draft: true } : {}),
        }),
      );
      return toPull(p as ApiPull);
    },

    async updatePullRequest(number, patch) {
      const p = await call('update pull request', 'pull-requests: write', () =>
        octokit.rest.pulls.update({ owner, repo, pull_number: number, ...patch }),
      );
      return toPull(p as ApiPull);
    },

    async addLabels(number, labels) {
      if (labels.length === 0) return;
      await call('add labels', 'pull-requests: write', () =>
        octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels: [...labels] }),
      );
    },

    async requestReviewers(number, reviewers) {
      if (reviewers.length === 0) return;
      const users = reviewers.filter((r) => !r.includes('/'));
      // `org/team` names a team; GitHub takes its slug.
      const teams = reviewers.filter((r) => r.includes('/')).map((r) => r.slice(r.indexOf('/') + 1));
      await call('request reviewers', 'pull-requests: write', () =>
        octokit.rest.pulls.requestReviewers({
          owner,
          repo,
          pull_number: number,
          ...(users.length ? { reviewers: users } : {}),
          ...(teams.length ? { team_reviewers: teams } : {}),
        }),
      );
    },

    async listComments(number) {
      const all = await call('list comments', 'pull-requests: read', async () => ({
        data: await octokit.paginate(octokit.rest.issues.listComments, {
          owner,
          repo,
          issue_number: number,
          per_page: 100,
        }),
      }));
      return (all as ApiComment[]).map(toComment);
    },

    async createComment(number, body) {
      const c = await call('create comment', 'pull-requests: write', () =>
        octokit.rest.issues.createComment({ owner, repo, issue_number: number, body }),
      );
      return toComment(c as ApiComment);
    },

    async updateComment(commentId, body) {
      const c = await call('update comment', 'pull-requests: write', () =>
        octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body }),
      );
      return toComment(c as ApiComment);
    },
  };
}
