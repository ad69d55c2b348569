/**
 * The component schemas of the API (JSON Schema 2020-12, as OpenAPI 3.1 uses). Objects list their required
 * fields; nested documents that have their own source of truth (a prompt file's data, a run's options, the
 * A/B report) are left open.
 */
type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const num: Schema = { type: 'number' };
const bool: Schema = { type: 'boolean' };
const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const numMap: Schema = { type: 'object', additionalProperties: num };
const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({
  type: 'object',
  properties,
  required,
});
const page = (key: string, item: Schema): Schema =>
  obj({ total: int, limit: int, offset: int, [key]: { type: 'array', items: item } });

const runStatus: Schema = {
  type: 'string',
  enum: ['running', 'completed', 'partial', 'failed', 'interrupted', 'completed-with-errors'],
};

const evaluation = obj(
  {
    seq: int,
    caseId: str,
    caseIndex: int,
    repeat: int,
    promptHash: str,
    inputs: nullable({ type: 'object' }),
    expected: {},
    output: str,
    error: str,
    metrics: numMap,
    passes: { type: 'object', additionalProperties: bool },
    failed: bool,
    latencyMs: num,
    inputTokens: int,
    outputTokens: int,
    costUsd: nullable(num),
    model: str,
    cached: bool,
  },
  [
    'seq',
    'caseId',
    'caseIndex',
    'repeat',
    'promptHash',
    'inputs',
    'output',
    'metrics',
    'passes',
    'failed',
    'latencyMs',
    'inputTokens',
    'outputTokens',
    'costUsd',
    'model',
    'cached',
  ],
);

const sideOfCase = nullable(
  obj({
    output: str,
    error: nullable(str),
    metrics: numMap,
    passes: { type: 'object', additionalProperties: bool },
    failed: bool,
  }),
);

const ancestryNode = obj({
  hash: str,
  name: str,
  runId: str,
  candidateId: int,
  generation: int,
  operator: str,
  parents: { type: 'array', items: str },
  fitness: numMap,
  createdAt: str,
  depth: int,
});

const candidateSummary = obj({
  id: int,
  hash: str,
  generation: int,
  operator: str,
  parents: { type: 'array', items: str },
  values: numMap,
  cases: int,
  scoredBy: str,
});

export const schemas: Record<string, Schema> = {
  Error: obj({ error: obj({ code: str, message: str, hint: str, field: str }, ['code', 'message']) }),
  Info: obj({ name: str, version: str, auth: bool, live: bool, writable: bool, openapi: str }),
  EnvironmentPin: obj({ pin: { type: ['integer', 'string'] }, version: nullable(int) }),
  PromptSummary: obj({
    name: str,
    path: str,
    version: nullable(int),
    inWorkingTree: bool,
    environments: { type: 'object', additionalProperties: ref('EnvironmentPin') },
  }),
  PromptList: obj({
    environments: { type: 'array', items: str },
    prompts: { type: 'array', items: ref('PromptSummary') },
  }),
  PromptVersion: obj({
    version: nullable(int),
    commit: str,
    date: str,
    author: obj({ name: str, email: str }),
    subject: str,
    deleted: bool,
  }),
  SimilarPrompts: obj({
    query: obj({ name: str, path: str, version: nullable(int), commit: nullable(str) }),
    indexed: int,
    results: {
      type: 'array',
      items: obj({ name: str, path: str, version: nullable(int), commit: str, similarity: num }),
    },
  }),
  PromptVersions: { allOf: [obj({ name: str, path: str }), page('versions', ref('PromptVersion'))] },
  PromptRevision: obj({
    name: str,
    path: str,
    rev: nullable(str),
    resolvedBy: { type: 'string', enum: ['worktree', 'version', 'environment', 'ref', 'commit'] },
    commit: nullable(str),
    version: nullable(int),
    contentHash: str,
    text: str,
    data: { type: 'object' },
  }),
  PromptDiff: obj({
    a: obj({ spec: str, path: str, commit: nullable(str), text: str }),
    b: obj({ spec: str, path: str, commit: nullable(str), text: str }),
    fields: { type: 'array', items: obj({ field: str, before: {}, after: {} }, ['field']) },
    messages: {
      type: 'array',
      items: obj({
        index: int,
        change: { type: 'string', enum: ['added', 'removed', 'changed'] },
        roleBefore: nullable(str),
        roleAfter: nullable(str),
        lines: { type: 'array' },
      }),
    },
  }),
  Lineage: obj({
    name: str,
    rev: nullable(str),
    hash: str,
    nodes: { type: 'array', items: ancestryNode },
    edges: { type: 'array', items: obj({ from: str, to: str }) },
  }),
  Run: obj(
    {
      id: str,
      kind: str,
      promptName: str,
      promptFile: str,
      provider: str,
      simulated: bool,
      status: runStatus,
      startedAt: str,
      finishedAt: str,
      options: { type: 'object' },
      summary: {},
      note: str,
    },
    ['id', 'kind', 'promptName', 'promptFile', 'provider', 'simulated', 'status', 'startedAt', 'options'],
  ),
  RunList: page('runs', ref('Run')),
  RunCases: {
    allOf: [
      obj({ runId: str, source: str, metrics: { type: 'array', items: str } }),
      page('cases', evaluation),
    ],
  },
  RunCompare: obj({
    a: str,
    b: str,
    metrics: { type: 'array', items: str },
    summary: {
      type: 'object',
      additionalProperties: obj({ a: nullable(num), b: nullable(num), n: int }),
    },
    onlyInA: int,
    onlyInB: int,
    cases: { type: 'array', items: obj({ caseId: str, caseIndex: int, a: sideOfCase, b: sideOfCase }) },
  }),
  Evolution: obj({
    run: ref('Run'),
    report: nullable({
      type: 'object',
      required: ['runId', 'history', 'front', 'baseline', 'winner', 'objectives'],
    }),
    generation: nullable(int),
    history: { type: 'array', items: obj({ generation: int, hypervolume: num, best: numMap }) },
    objectives: { type: 'array', items: obj({ metric: str, goal: str }) },
    candidates: { type: 'array', items: candidateSummary },
    archive: nullable(
      obj({
        descriptors: { type: 'array', items: str },
        bins: { type: 'array', items: int },
        cells: {
          type: 'array',
          items: obj({ cell: { type: 'array', items: int }, hash: str, fitness: numMap }),
        },
      }),
    ),
    budget: obj({ maxEvaluations: nullable(num), maxUsd: nullable(num) }),
  }),
  Progress: obj({
    runId: str,
    status: str,
    generation: int,
    generations: nullable(int),
    evaluations: int,
    costUsd: num,
    budgetUsd: nullable(num),
    bestFitness: nullable(num),
    elapsedMs: nullable(num),
    etaMs: nullable(num),
    done: bool,
    inGeneration: nullable(obj({ done: int, planned: int })),
    source: { type: 'string', enum: ['live', 'store'] },
  }),
  Candidate: obj({
    hash: str,
    name: str,
    prompt: nullable({ type: 'object' }),
    runIds: { type: 'array', items: str },
    generation: nullable(int),
    operator: nullable(str),
    parents: { type: 'array', items: str },
    fitness: numMap,
    scores: { type: 'object', additionalProperties: obj({ mean: num, n: int }) },
  }),
  GateDecision: obj(
    {
      at: str,
      rollout: str,
      prompt: str,
      decision: { type: 'string', enum: ['promote', 'rollback', 'continue'] },
      reason: str,
      window: str,
      requests: { type: 'object', additionalProperties: int },
      primary: nullable(obj({ metric: str, estimate: nullable(num), ci: { type: 'array' }, outcome: str })),
    },
    ['at', 'rollout', 'prompt', 'decision', 'reason', 'window', 'requests', 'primary'],
  ),
  GateDecisions: obj({
    rollouts: { type: 'array', items: str },
    decisions: { type: 'array', items: ref('GateDecision') },
  }),
  AbReport: { type: 'object', required: ['decision'] },
  AuditEntry: obj({
    at: str,
    who: str,
    action: str,
    target: str,
    result: { type: 'string', enum: ['ok', 'error'] },
    detail: str,
  }),
  AuditLog: obj({ entries: { type: 'array', items: ref('AuditEntry') } }),
  ActionResult: obj({ ok: bool, output: {} }, ['ok']),
  PromoteRequest: {
    ...obj({ spec: str, env: str, create: bool, candidate: str }, ['spec', 'env']),
    additionalProperties: false,
  },
  ProposeRequest: { ...obj({ run: str, candidate: str }, ['run']), additionalProperties: false },
  EvolveRequest: {
    ...obj(
      {
        prompt: str,
        options: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
      },
      ['prompt'],
    ),
    additionalProperties: false,
  },
};
