/**
 * The OpenAPI 3.1 document of the dashboard API, served at `GET /api/v1/openapi.json`. The contract tests
 * (test/server/) validate every response against it with ajv, so it is the API's single description.
 */
import { schemas } from './openapi-schemas.ts';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

type Param = {
  name: string;
  in: 'path' | 'query';
  description: string;
  required?: boolean;
  type?: 'string' | 'integer' | 'boolean';
};

const path = (name: string, description: string): Param => ({
  name,
  in: 'path',
  description,
  required: true,
});
const query = (
  name: string,
  description: string,
  type: Param['type'] = 'string',
  required = false,
): Param => ({
  name,
  in: 'query',
  description,
  type,
  required,
});
const LIMIT = query('limit', 'page size (default 50, at most 500)', 'integer');
const OFFSET = query('offset', 'rows to skip (default 0)', 'integer');
const NAME = path('name', 'prompt name (file stem) or repository-relative path');

const errors = {
  '400': { description: 'bad request', content: { 'application/json': { schema: ref('Error') } } },
  '401': { description: 'no or invalid API key', content: { 'application/json': { schema: ref('Error') } } },
  '403': {
    description: 'scope, origin or host refused',
    content: { 'application/json': { schema: ref('Error') } },
  },
  '404': { description: 'not found', content: { 'application/json': { schema: ref('Error') } } },
  '409': {
    description: 'conflict (uncommitted edits, budget)',
    content: { 'application/json': { schema: ref('Error') } },
  },
  '422': {
    description: 'a check failed (e.g. the run has no accepted winner to propose)',
    content: { 'application/json': { schema: ref('Error') } },
  },
  '500': {
    description: 'an I/O or git failure, or a bug',
    content: { 'application/json': { schema: ref('Error') } },
  },
  '502': {
    description: 'the provider or forge failed',
    content: { 'application/json': { schema: ref('Error') } },
  },
};

function op(o: {
  id: string;
  summary: string;
  scope: 'read' | 'write' | 'none';
  params?: Param[];
  body?: string;
  response: string | Json;
  type?: string;
}): Json {
  const schema = typeof o.response === 'string' ? ref(o.response) : o.response;
  const out: Json = {
    operationId: o.id,
    summary: o.summary,
    'x-evohub-scope': o.scope,
    security: o.scope === 'none' ? [] : [{ bearer: [] }, {}],
    parameters: (o.params ?? []).map((p) => ({
      name: p.name,
      in: p.in,
      description: p.description,
      required: p.required ?? false,
      schema: { type: p.type ?? 'string' },
    })),
    responses: {
      '200': { description: 'ok', content: { [o.type ?? 'application/json']: { schema } } },
      ...errors,
    },
  };
  if (o.body) out.requestBody = { required: true, content: { 'application/json': { schema: ref(o.body) } } };
  return out;
}

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'evohub dashboard API',
    version: '1.0.0',
    description:
      'Prompts from git, runs and evolutions from the results store, live progress from Redis. Reads need a read key when the server runs with --auth; writes always need a write key, a JSON body and this origin. See docs/dashboard.md.',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description: 'evohub_<id>_<secret>, from `evohub serve keys create`',
      },
    },
    schemas,
  },
  paths: {
    '/api/v1/openapi.json': {
      get: op({ id: 'openapi', summary: 'this document', scope: 'none', response: { type: 'object' } }),
    },
    '/api/v1/info': {
      get: op({
        id: 'info',
        summary: 'server facts: auth on, live progress, write actions',
        scope: 'read',
        response: 'Info',
      }),
    },
    '/api/v1/prompts': {
      get: op({
        id: 'listPrompts',
        summary: 'prompts with their version in the working tree and in each environment',
        scope: 'read',
        response: 'PromptList',
      }),
    },
    '/api/v1/prompts/{name}/versions': {
      get: op({
        id: 'promptVersions',
        summary: "the commits that changed a prompt's file, newest first",
        scope: 'read',
        params: [NAME, LIMIT, OFFSET],
        response: 'PromptVersions',
      }),
    },
    '/api/v1/prompts/{name}/revision': {
      get: op({
        id: 'promptRevision',
        summary: 'a prompt at a revision (as `evohub show name@rev --json`, with its text)',
        scope: 'read',
        params: [NAME, query('rev', 'version, environment, branch, tag or commit; absent: the working tree')],
        response: 'PromptRevision',
      }),
    },
    '/api/v1/prompts/{name}/similar': {
      get: op({
        id: 'similarPrompts',
        summary: 'the most similar prompt versions in the history (as `evohub similar name@rev --json`)',
        scope: 'read',
        params: [
          NAME,
          query('rev', 'revision (absent: the working tree)'),
          query('top', 'how many results (default 10, at most 100)', 'integer'),
          query('samePrompt', "also the prompt's own other versions (true/false)"),
        ],
        response: 'SimilarPrompts',
      }),
    },
    '/api/v1/prompts/{name}/diff': {
      get: op({
        id: 'promptDiff',
        summary: 'two revisions compared per field and per message',
        scope: 'read',
        params: [
          NAME,
          query('a', 'first revision', 'string', true),
          query('b', 'second revision (absent: the working tree)'),
        ],
        response: 'PromptDiff',
      }),
    },
    '/api/v1/prompts/{name}/lineage': {
      get: op({
        id: 'promptLineage',
        summary: 'ancestry of a revision back to the human-written original',
        scope: 'read',
        params: [
          NAME,
          query('rev', 'revision (absent: the working tree)'),
          query('hash', 'a content hash instead of a revision'),
        ],
        response: 'Lineage',
      }),
    },
    '/api/v1/runs': {
      get: op({
        id: 'listRuns',
        summary: 'runs, newest first, filtered',
        scope: 'read',
        params: [
          query('kind', 'eval, evolve, …'),
          query('prompt', 'prompt name'),
          query('status', 'run status'),
          LIMIT,
          OFFSET,
        ],
        response: 'RunList',
      }),
    },
    '/api/v1/runs/compare': {
      get: op({
        id: 'compareRuns',
        summary: 'two runs on the same cases',
        scope: 'read',
        params: [query('a', 'run id', 'string', true), query('b', 'run id', 'string', true)],
        response: 'RunCompare',
      }),
    },
    '/api/v1/runs/{id}': {
      get: op({
        id: 'getRun',
        summary: 'one run',
        scope: 'read',
        params: [path('id', 'run id')],
        response: 'Run',
      }),
    },
    '/api/v1/runs/{id}/cases': {
      get: op({
        id: 'runCases',
        summary: "a run's per-case results",
        scope: 'read',
        params: [
          path('id', 'run id'),
          query('failed', 'only failed or erroring cases', 'boolean'),
          query('q', 'search in case id, inputs, expected and output'),
          query('part', "evolve runs: the held-out cases of the 'winner' (default) or the 'baseline'"),
          LIMIT,
          OFFSET,
        ],
        response: 'RunCases',
      }),
    },
    '/api/v1/evolutions/{runId}': {
      get: op({
        id: 'getEvolution',
        summary: 'an evolution run: report, history, front, candidates, archive',
        scope: 'read',
        params: [path('runId', 'run id')],
        response: 'Evolution',
      }),
    },
    '/api/v1/evolutions/{runId}/events': {
      get: op({
        id: 'evolutionEvents',
        summary:
          'Server-Sent Events: `progress` (a Progress JSON) on each change until the run ends, then `done`; `error` (an Error JSON) if a read fails',
        scope: 'read',
        params: [
          path('runId', 'run id'),
          query('prefix', 'Redis key prefix of a distributed run (default evohub-<runId>, then evohub)'),
        ],
        response: { type: 'string' },
        type: 'text/event-stream',
      }),
    },
    '/api/v1/candidates/{hash}': {
      get: op({
        id: 'getCandidate',
        summary: 'an evaluated candidate: its prompt, scores and parents',
        scope: 'read',
        params: [path('hash', 'content hash or a unique prefix of 7+ characters')],
        response: 'Candidate',
      }),
    },
    '/api/v1/canary/decisions': {
      get: op({
        id: 'gateDecisions',
        summary: "the gate's decisions, oldest first",
        scope: 'read',
        params: [query('rollout', 'rollout name (default: all)')],
        response: 'GateDecisions',
      }),
    },
    '/api/v1/ab/analyze': {
      post: op({
        id: 'abAnalyze',
        summary: 'run `evohub ab analyze` on an A/B document',
        scope: 'read',
        response: 'AbReport',
      }),
    },
    '/api/v1/audit': {
      get: op({
        id: 'audit',
        summary: 'the audit log of write actions, newest first',
        scope: 'read',
        response: 'AuditLog',
      }),
    },
    '/api/v1/actions/promote': {
      post: op({
        id: 'promote',
        summary: 'move an environment pin (as `evohub promote`)',
        scope: 'write',
        body: 'PromoteRequest',
        response: 'ActionResult',
      }),
    },
    '/api/v1/actions/propose': {
      post: op({
        id: 'propose',
        summary: 'open a pull request for a winner or candidate (as `evohub propose`)',
        scope: 'write',
        body: 'ProposeRequest',
        response: 'ActionResult',
      }),
    },
    '/api/v1/actions/evolve': {
      post: op({
        id: 'evolve',
        summary: 'start an evolve run in the background; answers with its run id',
        scope: 'write',
        body: 'EvolveRequest',
        response: 'ActionResult',
      }),
    },
  },
} as const;
