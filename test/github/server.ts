/**
 * A local stand-in for GitHub's REST API (node:http, in-memory state) for the endpoints evohub uses: repos get,
 * pulls list/get/create/update, requested_reviewers, issue labels and comments. Every request body and every
 * response body is checked against GitHub's published OpenAPI description (@octokit/openapi); a mismatch is
 * recorded in `violations` (tests assert it stays empty) and a bad request is answered 422, so drift from the
 * real API fails a test. Response bodies start from the description's own examples, with our state laid over.
 * Faults: a wrong token gives 401, a read-only token 403 on writes, `failNext` injects any status.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadGitHubContract, type OpenApiContract, type Operation } from './openapi.ts';
import { type Site, shapeComment, shapeLabel, shapePull, shapeRepo } from './shapes.ts';

type Obj = Record<string, unknown>;

export type FakePull = {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  head: string;
  headSha: string;
  /** owner/name of the head repository (a fork when it differs from the base). */
  headRepo: string;
  base: string;
  baseSha: string;
  labels: string[];
  reviewers: string[];
  teamReviewers: string[];
  draft: boolean;
};

export type FakeComment = { id: number; issue: number; body: string; user: string };

export type Fault = { operationId?: string; status: number; message?: string };

export type GitHubServerOptions = {
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  /** The only token accepted (Bearer or `token`); any other gives 401. */
  token?: string;
  /** Whether the token may write (contents/pull-requests: write); false answers writes with 403. */
  canPush?: boolean;
  /** Login of the token's user, shown as the author of pull requests and comments. */
  login?: string;
  /** Whether a branch exists on the git remote (GitHub refuses a pull request from a missing head: 422). */
  branchExists?: (branch: string) => boolean | Promise<boolean>;
  contract?: OpenApiContract;
  /**
   * A server that echoes the request, as buggy proxies and debugging gateways do: a 401 quotes the Authorization
   * header it refused, an injected 5xx dumps every request header. Evohub must print neither.
   */
  echoRequest?: boolean;
};

export type GitHubServer = {
  url: string;
  pulls: FakePull[];
  comments: FakeComment[];
  /** Contract mismatches seen (request or response); should stay empty. */
  violations: string[];
  /** Every request as `METHOD operationId`. */
  requests: string[];
  failNext(fault: Fault): void;
  setCanPush(canPush: boolean): void;
  addPull(p: Partial<FakePull> & { head: string }): FakePull;
  close(): Promise<void>;
};

const DOCS = 'https://docs.github.com/rest';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startGitHubServer(options: GitHubServerOptions = {}): Promise<GitHubServer> {
  const contract = options.contract ?? loadGitHubContract();
  const owner = options.owner ?? 'octo-org';
  const repoName = options.repo ?? 'prompts';
  const fullName = `${owner}/${repoName}`;
  const defaultBranch = options.defaultBranch ?? 'main';
  const token = options.token ?? 'test-token';
  const login = options.login ?? 'evohub-bot';
  let canPush = options.canPush ?? true;
  const faults: Fault[] = [];
  const pulls: FakePull[] = [];
  const comments: FakeComment[] = [];
  const violations: string[] = [];
  const requests: string[] = [];
  let nextId = 1000;
  let nextNumber = 1;
  let base = '';

  const sha = (s: string) => s.padEnd(40, '0').slice(0, 40);

  // What the response shapes read of the server's state (base is known once listening, canPush may change).
  const site: Site = {
    contract,
    owner,
    fullName,
    defaultBranch,
    login,
    get base() {
      return base;
    },
    get canPush() {
      return canPush;
    },
  };
  const repoJson = (op: Operation, status: number, name: string) => shapeRepo(site, op, status, name);
  const pullJson = (template: Obj, p: FakePull) => shapePull(site, template, p);
  const labelJson = (name: string, i: number) => shapeLabel(site, name, i);
  const commentJson = (op: Operation, status: number, c: FakeComment) => shapeComment(site, op, status, c);

  const error = (status: number, message: string, errors?: Obj[]) => ({
    status,
    body: { message, documentation_url: DOCS, ...(errors ? { errors } : {}) } as Obj,
  });

  function findPull(n: string): FakePull | undefined {
    return pulls.find((p) => p.number === Number(n));
  }

  function pullTemplate(): Obj {
    const op = contract.findOperation('GET', `/repos/${fullName}/pulls/1`) as Operation;
    return contract.example(op, 200) as Obj;
  }

  /** `pulls/create`: 422 for a missing head branch or an open pull request from it, as GitHub answers. */
  async function createPull(b: Obj): Promise<{ status: number; body?: unknown }> {
    const head = String(b.head ?? '');
    const headBranch = head.includes(':') ? head.slice(head.indexOf(':') + 1) : head;
    if (options.branchExists && !(await options.branchExists(headBranch))) {
      return error(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    }
    if (pulls.some((x) => x.state === 'open' && x.head === headBranch && x.headRepo === fullName)) {
      return error(422, 'Validation Failed', [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${owner}:${headBranch}.`,
        },
      ]);
    }
    const pr: FakePull = {
      number: nextNumber++,
      title: String(b.title ?? ''),
      body: String(b.body ?? ''),
      state: 'open',
      head: headBranch,
      headSha: sha(`${pulls.length + 1}ab`),
      headRepo: fullName,
      base: String(b.base ?? defaultBranch),
      baseSha: sha('ba5e'),
      labels: [],
      reviewers: [],
      teamReviewers: [],
      draft: b.draft === true,
    };
    pulls.push(pr);
    return { status: 201, body: pullJson(pullTemplate(), pr) };
  }

  async function handle(
    op: Operation,
    body: Obj | undefined,
    query: URLSearchParams,
  ): Promise<{ status: number; body?: unknown; link?: string }> {
    const p = op.params;
    if (p.owner !== owner || p.repo !== repoName) return error(404, 'Not Found');
    const write = op.method !== 'get';
    if (write && !canPush) return error(403, 'Resource not accessible by integration');
    switch (op.operationId) {
      case 'repos/get':
        return { status: 200, body: repoJson(op, 200, fullName) };
      case 'pulls/list': {
        const state = query.get('state') ?? 'open';
        const head = query.get('head');
        const baseRef = query.get('base');
        const list = pulls.filter(
          (x) =>
            (state === 'all' || x.state === state) &&
            (!head || `${x.headRepo.split('/')[0]}:${x.head}` === head) &&
            (!baseRef || x.base === baseRef),
        );
        const t = pullTemplate();
        return { status: 200, body: list.map((x) => pullJson(t, x)) };
      }
      case 'pulls/get': {
        const pr = findPull(p.pull_number ?? '');
        return pr ? { status: 200, body: pullJson(pullTemplate(), pr) } : error(404, 'Not Found');
      }
      case 'pulls/create':
        return createPull(body ?? {});
      case 'pulls/update': {
        const pr = findPull(p.pull_number ?? '');
        if (!pr) return error(404, 'Not Found');
        if (typeof body?.title === 'string') pr.title = body.title;
        if (typeof body?.body === 'string') pr.body = body.body;
        if (body?.state === 'open' || body?.state === 'closed') pr.state = body.state;
        return { status: 200, body: pullJson(pullTemplate(), pr) };
      }
      case 'pulls/request-reviewers': {
        const pr = findPull(p.pull_number ?? '');
        if (!pr) return error(404, 'Not Found');
        for (const r of (body?.reviewers as string[] | undefined) ?? []) {
          if (!pr.reviewers.includes(r)) pr.reviewers.push(r);
        }
        for (const t of (body?.team_reviewers as string[] | undefined) ?? []) {
          if (!pr.teamReviewers.includes(t)) pr.teamReviewers.push(t);
        }
        const t = contract.example(op, 201) as Obj;
        return { status: 201, body: pullJson(t, pr) };
      }
      case 'issues/add-labels': {
        const pr = findPull(p.issue_number ?? '');
        if (!pr) return error(404, 'Not Found');
        const labels = Array.isArray(body) ? body : ((body?.labels as unknown[]) ?? []);
        for (const l of labels) {
          const name = typeof l === 'string' ? l : String((l as Obj).name);
          if (!pr.labels.includes(name)) pr.labels.push(name);
        }
        return { status: 200, body: pr.labels.map((name, i) => labelJson(name, i)) };
      }
      case 'issues/list-comments': {
        const n = Number(p.issue_number);
        const perPage = Number(query.get('per_page') ?? 30);
        const page = Number(query.get('page') ?? 1);
        const all = comments.filter((c) => c.issue === n);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const more = page * perPage < all.length;
        const next = `${base}/repos/${fullName}/issues/${n}/comments?per_page=${perPage}&page=${page + 1}`;
        return {
          status: 200,
          body: slice.map((c) => commentJson(op, 200, c)),
          ...(more ? { link: `<${next}>; rel="next"` } : {}),
        };
      }
      case 'issues/create-comment': {
        const n = Number(p.issue_number);
        if (!findPull(String(n))) return error(404, 'Not Found');
        const c: FakeComment = { id: nextId++, issue: n, body: String(body?.body ?? ''), user: login };
        comments.push(c);
        return { status: 201, body: commentJson(op, 201, c) };
      }
      case 'issues/update-comment': {
        const c = comments.find((x) => x.id === Number(p.comment_id));
        if (!c) return error(404, 'Not Found');
        c.body = String(body?.body ?? '');
        return { status: 200, body: commentJson(op, 200, c) };
      }
      default:
        return error(404, `the local GitHub server does not implement ${op.operationId}`);
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const send = (status: number, payload?: unknown, link?: string) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(link ? { link } : {}) });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const op = contract.findOperation(method, url.pathname);
    if (!op) {
      violations.push(`${method} ${url.pathname}: no such operation in GitHub's description`);
      send(404, { message: 'Not Found', documentation_url: DOCS });
      return;
    }
    requests.push(`${method} ${op.operationId}`);
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        violations.push(`${op.operationId}: request body is not JSON`);
        send(400, { message: 'Problems parsing JSON', documentation_url: DOCS });
        return;
      }
    }
    const auth = req.headers.authorization ?? '';
    let answer: { status: number; body?: unknown; link?: string };
    const fault = faults.findIndex((f) => !f.operationId || f.operationId === op.operationId);
    const echo = options.echoRequest === true;
    if (auth !== `token ${token}` && auth !== `Bearer ${token}`) {
      answer = error(401, echo ? `Bad credentials: authorization: ${auth}` : 'Bad credentials');
    } else if (fault >= 0) {
      const f = faults.splice(fault, 1)[0] as Fault;
      const dump = echo ? ` while handling ${method} ${url.pathname} ${JSON.stringify(req.headers)}` : '';
      answer = error(f.status, (f.message ?? (f.status >= 500 ? 'Server Error' : 'Injected fault')) + dump);
    } else {
      const reqCheck = contract.checkRequest(op, body);
      if (!reqCheck.ok) {
        violations.push(`${op.operationId} request: ${reqCheck.errors.join('; ')}`);
        answer = error(422, 'Invalid request (does not match GitHub OpenAPI description)');
      } else {
        answer = await handle(op, body as Obj | undefined, url.searchParams);
      }
    }
    const resCheck = contract.checkResponse(op, answer.status, answer.body);
    if (!resCheck.ok)
      violations.push(`${op.operationId} response ${answer.status}: ${resCheck.errors.join('; ')}`);
    send(answer.status, answer.body, answer.link);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      violations.push(`server error: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    pulls,
    comments,
    violations,
    requests,
    failNext: (f) => {
      faults.push(f);
    },
    setCanPush: (v) => {
      canPush = v;
    },
    addPull(partial) {
      const pr: FakePull = {
        number: nextNumber++,
        title: 'A change',
        body: '',
        state: 'open',
        headSha: sha('feed'),
        headRepo: fullName,
        base: defaultBranch,
        baseSha: sha('ba5e'),
        labels: [],
        reviewers: [],
        teamReviewers: [],
        draft: false,
        ...partial,
      };
      pulls.push(pr);
      return pr;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
