/**
 * The generated EvolutionRun CRD on a real kube-apiserver: it installs and becomes Established, a valid run is
 * stored with its defaults, the status subresource works, and the API server itself rejects bad specs with
 * precise messages (OpenAPI enum/required, CEL rules, unknown fields).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { type RequestOptions, request } from 'node:https';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ApiException, CustomObjectsApi, type KubernetesObject } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../test/control-plane/binaries.ts';
import {
  applyManifestFile,
  type ControlPlane,
  startControlPlane,
  waitForCrdEstablished,
} from '../../test/control-plane/index.ts';
import { EVOLUTION_RUN_CRD_NAME, EVOLUTION_RUN_CRD_PATH } from './evolution-run-crd.ts';

type Run = KubernetesObject & { spec: Record<string, unknown>; status?: Record<string, unknown> };

const G = { group: 'evohub.io', version: 'v1alpha1', plural: 'evolutionruns', namespace: 'default' };
let cp: ControlPlane;
let api: CustomObjectsApi;

function example(name: string, spec: Record<string, unknown> = {}): Run {
  const run = parse(readFileSync(join(REPO_ROOT, 'operator/crd/example-evolution-run.yaml'), 'utf8')) as Run;
  return { ...run, metadata: { name }, spec: { ...run.spec, ...spec } };
}

/** The API server's Status message of a failed request. */
function statusMessage(err: unknown): string {
  if (!(err instanceof ApiException)) throw err;
  const body: unknown = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
  return `${err.code} ${(body as { message?: string }).message ?? ''}`;
}

async function createRejected(run: Run, fieldValidation?: string): Promise<string> {
  try {
    await api.createNamespacedCustomObject({
      ...G,
      body: run,
      ...(fieldValidation ? { fieldValidation } : {}),
    });
  } catch (err) {
    return statusMessage(err);
  }
  assert.fail(`the API server accepted ${run.metadata?.name}`);
}

before(async () => {
  cp = await startControlPlane({ readyTimeoutMs: 300_000 });
  api = cp.kubeConfig.makeApiClient(CustomObjectsApi);
  await applyManifestFile(cp.kubeConfig, join(REPO_ROOT, EVOLUTION_RUN_CRD_PATH));
});
after(async () => {
  await cp?.stop();
});

test('the CRD installs and becomes Established, with its short name and printer columns', async () => {
  const crd = await waitForCrdEstablished(cp.kubeConfig, EVOLUTION_RUN_CRD_NAME);
  assert.deepEqual(crd.spec.names.shortNames, ['er']);
  assert.deepEqual(
    crd.spec.versions[0]?.additionalPrinterColumns?.map((c) => c.jsonPath),
    [
      '.status.phase',
      '.status.generation',
      '.status.bestFitness',
      '.status.costUsd',
      '.metadata.creationTimestamp',
    ],
  );
  const nonStructural = (crd.status?.conditions ?? []).find((c) => c.type === 'NonStructuralSchema');
  assert.equal(nonStructural, undefined, nonStructural?.message);
});

test('a valid EvolutionRun is stored, with the schema defaults filled in and status dropped on create', async () => {
  const { repository, workers, ...rest } = example('valid').spec;
  const body: Run = {
    ...example('valid'),
    spec: { ...rest, repository: { url: (repository as { url: string }).url } },
    status: { phase: 'Succeeded' },
  };
  const created = (await api.createNamespacedCustomObject({ ...G, body, fieldValidation: 'Strict' })) as Run;
  assert.equal(workers !== undefined, true);
  assert.equal(created.spec.executor, 'job');
  assert.deepEqual(created.spec.repository, { url: 'https://github.com/acme/prompts.git', ref: 'main' });
  assert.equal(created.status, undefined, 'status is written only through the status subresource');
  const read = (await api.getNamespacedCustomObject({ ...G, name: 'valid' })) as Run;
  assert.equal((read.spec.algorithm as { name: string }).name, 'nsga2');
});

test('the status subresource stores phase, conditions and progress, and ignores spec changes', async () => {
  const current = (await api.getNamespacedCustomObject({ ...G, name: 'valid' })) as Run;
  const status = {
    phase: 'Running',
    observedGeneration: 1,
    generation: 3,
    evaluations: 48,
    costUsd: 0.42,
    bestFitness: 0.87,
    conditions: [
      {
        type: 'Progressing',
        status: 'True',
        observedGeneration: 1,
        lastTransitionTime: '2026-11-26T12:00:00Z',
        reason: 'GenerationCompleted',
        message: 'generation 3 of 10',
      },
    ],
  };
  const updated = (await api.replaceNamespacedCustomObjectStatus({
    ...G,
    name: 'valid',
    body: { ...current, spec: { ...current.spec, promptPath: 'changed.prompt.yaml' }, status },
  })) as Run;
  assert.deepEqual(updated.status, status);
  assert.equal(updated.spec.promptPath, 'prompts/classify.prompt.yaml');

  const badStatus = { ...status, phase: 'Exploded' };
  const fresh = (await api.getNamespacedCustomObject({ ...G, name: 'valid' })) as Run;
  try {
    await api.replaceNamespacedCustomObjectStatus({
      ...G,
      name: 'valid',
      body: { ...fresh, status: badStatus },
    });
    assert.fail('an unknown phase was accepted');
  } catch (err) {
    assert.match(statusMessage(err), /status\.phase: Unsupported value: "Exploded"/);
  }
});

/** GET as a server-side Table: what `kubectl get evolutionruns` prints, columns included. */
async function getTable(
  path: string,
): Promise<{ columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] }> {
  const opts: RequestOptions = {
    method: 'GET',
    headers: { accept: 'application/json;as=Table;g=meta.k8s.io;v=v1' },
  };
  await cp.kubeConfig.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = request(`${cp.server}${path}`, opts, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(body))));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the printer columns show phase, generation, best fitness, cost and age', async () => {
  const table = await getTable('/apis/evohub.io/v1alpha1/namespaces/default/evolutionruns');
  assert.deepEqual(
    table.columnDefinitions.map((c) => c.name),
    ['Name', 'Phase', 'Generation', 'Best', 'Cost', 'Age'],
  );
  const row = table.rows.find((r) => r.cells[0] === 'valid');
  assert.deepEqual(row?.cells.slice(0, 5), ['valid', 'Running', 3, 0.87, 0.42]);
});

test('a wrong enum value is rejected with the field and the supported values', async () => {
  const message = await createRejected(example('bad-executor', { executor: 'pod' }));
  assert.match(message, /^422 /);
  assert.match(message, /spec\.executor: Unsupported value: "pod": supported values: "job", "argo-workflow"/);
  const algo = await createRejected(
    example('bad-algorithm', {
      algorithm: { name: 'simulated-annealing', objectives: [{ name: 'accuracy' }] },
    }),
  );
  assert.match(algo, /spec\.algorithm\.name: Unsupported value: "simulated-annealing"/);
});

test('workers.min > workers.max is rejected by the CEL rule with a precise message', async () => {
  const message = await createRejected(example('bad-workers', { workers: { min: 5, max: 2 } }));
  assert.match(
    message,
    /spec\.workers: Invalid value: .*workers\.min must be less than or equal to workers\.max/,
  );
});

test('a missing required field is rejected naming the field', async () => {
  const { promptPath: _omitted, ...spec } = example('x').spec;
  const message = await createRejected({ ...example('missing-prompt'), spec });
  assert.match(message, /spec\.promptPath: Required value/);
  const noUrl = await createRejected(example('missing-url', { repository: { ref: 'main' } }));
  assert.match(noUrl, /spec\.repository\.url: Required value/);
});

test('the other CEL rules: an unbounded budget, cma-es with two objectives, a prompt path escaping the repo', async () => {
  assert.match(
    await createRejected(example('no-budget', { budget: {} })),
    /spec\.budget: Invalid value: .*budget needs maxEvaluations or maxUsd/,
  );
  assert.match(
    await createRejected(
      example('cma-two', { algorithm: { name: 'cma-es', objectives: [{ name: 'a' }, { name: 'b' }] } }),
    ),
    /spec\.algorithm: Invalid value: .*cma-es optimises exactly one objective/,
  );
  assert.match(
    await createRejected(example('escape', { promptPath: 'prompts/../../etc/passwd' })),
    /spec\.promptPath: Invalid value: .*must stay inside the repository/,
  );
});

test('pattern and bounds: a bad repository URL and a negative budget are rejected', async () => {
  const message = await createRejected(
    example('bad-url', { repository: { url: 'not a url' }, budget: { maxUsd: -1 } }),
  );
  assert.match(
    message,
    /spec\.repository\.url: Invalid value: "not a url": spec\.repository\.url in body should match/,
  );
  assert.match(
    message,
    /spec\.budget\.maxUsd: Invalid value: -1: spec\.budget\.maxUsd in body should be greater than or equal to 0/,
  );
});

test('an unknown field is rejected under strict field validation (and pruned otherwise)', async () => {
  const run = example('extra', { surprise: true });
  assert.match(await createRejected(run, 'Strict'), /unknown field "spec\.surprise"/);
  const created = (await api.createNamespacedCustomObject({
    ...G,
    body: run,
    fieldValidation: 'Ignore',
  })) as Run;
  assert.equal('surprise' in created.spec, false);
});
