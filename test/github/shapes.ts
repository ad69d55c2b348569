/**
 * Response bodies of the local GitHub server (server.ts): the OpenAPI description's own examples with the
 * server's state laid over, so every answer has the shape GitHub documents.
 */

import type { OpenApiContract, Operation } from './openapi.ts';
import type { FakeComment, FakePull } from './server.ts';

type Obj = Record<string, unknown>;

/** What the shapes read of the server. */
export type Site = {
  contract: OpenApiContract;
  owner: string;
  fullName: string;
  defaultBranch: string;
  login: string;
  readonly base: string;
  readonly canPush: boolean;
};

export function shapeRepo(site: Site, op: Operation, status: number, name: string): Obj {
  const { contract, defaultBranch, base, canPush } = site;
  const r = contract.example(op, status) as Obj;
  const [o, n] = name.split('/') as [string, string];
  Object.assign(r, {
    name: n,
    full_name: name,
    default_branch: defaultBranch,
    url: `${base}/repos/${name}`,
    html_url: `${base}/${name}`,
    language: null,
    permissions: { admin: false, maintain: false, push: canPush, triage: canPush, pull: true },
  });
  (r.owner as Obj).login = o;
  if (r.source && typeof r.source === 'object') (r.source as Obj).language = null;
  return r;
}

export function shapePull(site: Site, template: Obj, p: FakePull): Obj {
  const { defaultBranch, base, fullName, login, owner } = site;
  const r = structuredClone(template);
  const setRepo = (side: Obj, name: string) => {
    const repo = side.repo as Obj;
    const [o, n] = name.split('/') as [string, string];
    Object.assign(repo, { name: n, full_name: name, default_branch: defaultBranch });
    (repo.owner as Obj).login = o;
    (side.user as Obj).login = o;
  };
  Object.assign(r, {
    id: p.number + 500_000,
    number: p.number,
    title: p.title,
    body: p.body,
    state: p.state,
    draft: p.draft,
    url: `${base}/repos/${fullName}/pulls/${p.number}`,
    html_url: `${base}/${fullName}/pull/${p.number}`,
    merged_at: null,
    closed_at: null,
    requested_teams: p.teamReviewers.map((slug) => ({ ...teamTemplate(r), slug, name: slug })),
    labels: p.labels.map((name, i) => shapeLabel(site, name, i)),
  });
  (r.user as Obj).login = login;
  const userTemplate = r.user as Obj;
  r.requested_reviewers = p.reviewers.map((l) => ({ ...userTemplate, login: l }));
  Object.assign(r.head as Obj, {
    ref: p.head,
    sha: p.headSha,
    label: `${p.headRepo.split('/')[0]}:${p.head}`,
  });
  setRepo(r.head as Obj, p.headRepo);
  Object.assign(r.base as Obj, { ref: p.base, sha: p.baseSha, label: `${owner}:${p.base}` });
  setRepo(r.base as Obj, fullName);
  return r;
}

function teamTemplate(r: Obj): Obj {
  const teams = r.requested_teams as Obj[] | undefined;
  // The description's example team lacks `type` (and `parent`, required in the list form), which its schemas
  // require: drift in the examples themselves.
  return { parent: null, ...(teams?.[0] ?? {}), type: 'organization' };
}

export function shapeLabel(site: Site, name: string, i: number): Obj {
  const { base, fullName } = site;
  return {
    id: 9000 + i,
    node_id: `LA_${i}`,
    url: `${base}/repos/${fullName}/labels/${encodeURIComponent(name)}`,
    name,
    description: '',
    color: 'ededed',
    default: false,
  };
}

export function shapeComment(site: Site, op: Operation, status: number, c: FakeComment): Obj {
  const { contract, base, fullName } = site;
  const ex = contract.example(op, status) as unknown;
  const r = (Array.isArray(ex) ? ex[0] : ex) as Obj;
  Object.assign(r, {
    id: c.id,
    body: c.body,
    url: `${base}/repos/${fullName}/issues/comments/${c.id}`,
    html_url: `${base}/${fullName}/pull/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${base}/repos/${fullName}/issues/${c.issue}`,
  });
  (r.user as Obj).login = c.user;
  return r;
}
