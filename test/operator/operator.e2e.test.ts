/**
 * The operator against a REAL kube-apiserver (test/control-plane: etcd + kube-apiserver, no kubelet) and the
 * real Redis at 127.0.0.1:6379. The kubelet harness (test/operator/kubelet-harness.ts) runs each Job's pod as
 * local processes: the coordinator's init container (`sh -c 'git clone … /workspace'`, here of a file://
 * repository holding the classification template) and then the REAL `cli/bin.ts evolve --distributed …` in
 * the clone; the evaluator Job's pods run the REAL `cli/bin.ts worker …`. Both with the Jobs' args and env,
 * the model being `simulated/ticket-triage`. Each test has its own namespace and Redis prefix.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type KubernetesObject,
  type V1Job,
} from '@kubernetes/client-node';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { parseAllDocuments } from 'yaml';
import { commitTemplateCopy, git } from '../../adapters/git/testing.ts';
import { redisPrefixOf } from '../../core/operator/names.ts';
import type { EvolutionRun, OperatorSettings } from '../../core/operator/types.ts';
import { EVALUATION_QUEUE } from '../../evaluator/queue/job.ts';
import { deleteKeys } from '../../evaluator/redis/connection.ts';
import { type RunningOperator, startOperator } from '../../operator/operator.ts';
import type { Logger } from '../../operator/reconciler.ts';
import {
  applyManifestFile,
  type ControlPlane,
  ensureBinaries,
  startControlPlane,
  waitForCrdEstablished,
} from '../control-plane/index.ts';
import { applyObjects } from '../control-plane/manifests.ts';
import { argoCrds } from '../support/argo-crds.ts';
import { type KubeletHarness, startKubeletHarness } from './kubelet-harness.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const crds = await argoCrds();
const ENTRY = join(ROOT, 'cli/bin.ts');
const REDIS_URL = 'redis://127.0.0.1:6379';
const PROMPT = 'prompts/ticket-triage.prompt.yml';

let cp: ControlPlane;
let redis: Redis;
let repoUrl: string;
const cleanups: (() => Promise<unknown>)[] = [];

/** The repository the runs clone: the classification template committed on main. */
function promptRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'evohub-operator-repo-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  commitTemplateCopy(join(ROOT, 'templates/classification'), dir);
  return `file://${dir}`;
}

before(async () => {
  repoUrl = promptRepository();
  cp = await startControlPlane();
  await applyManifestFile(cp.kubeConfig, join(ROOT, 'charts/evohub/crds/evolutionruns.evohub.io.yaml'));
  await waitForCrdEstablished(cp.kubeConfig, 'evolutionruns.evohub.io');
  // The minimal upstream Argo Workflows CRD, for executor: argo-workflow (that test skips without it).
  if (crds.dir) {
    await applyManifestFile(cp.kubeConfig, crds.file('argo-workflows/argoproj.io_workflows.minimal.yaml'));
    await waitForCrdEstablished(cp.kubeConfig, 'workflows.argoproj.io');
  }
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
});

after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  redis?.disconnect();
  await cp?.stop();
});

const log = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
  if (process.env.EVOHUB_TEST_LOG) process.stderr.write(`${level} ${msg} ${JSON.stringify(fields ?? {})}\n`);
};
const quiet: Logger = { info: log('info'), warn: log('warn'), error: log('error') };

function settings(): OperatorSettings {
  return {
    image: 'evohub:test',
    gitImage: 'alpine/git:test',
    redisUrl: REDIS_URL,
    jobsPerWorker: 2,
    workerConcurrency: 2,
    cleanupGraceSeconds: 2, // the harness stops a deleted Job's processes within ~150 ms
  };
}

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    await delay(100);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

async function namespace(): Promise<string> {
  const name = `t-${randomBytes(4).toString('hex')}`;
  const core = cp.kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name } } });
  await core.createNamespacedSecret({
    namespace: name,
    body: { metadata: { name: 'provider-keys' }, stringData: { OPENAI_API_KEY: 'sk-test-not-real' } },
  });
  return name;
}

async function operator(
  ns: string,
  id: string,
  kubeConfig: KubeConfig = cp.kubeConfig,
  watchWorkflows = false,
): Promise<RunningOperator> {
  const op = await startOperator({
    watchWorkflows,
    kubeConfig,
    redis,
    settings: settings(),
    namespace: ns,
    id,
    leaderElection: { namespace: ns, leaseDurationSeconds: 3, retryPeriodMs: 250 },
    metricsPort: 0,
    metricsHost: '127.0.0.1',
    resyncMs: 2_000,
    logger: quiet,
  });
  cleanups.push(() => op.stop());
  return op;
}

function harness(ns: string): KubeletHarness {
  const h = startKubeletHarness({
    kubeConfig: cp.kubeConfig,
    namespace: ns,
    entry: ENTRY,
    cwd: ROOT,
    // The commit's author: a pod has no git identity (evolve falls back to its own otherwise).
    baseEnv: { PATH: process.env.PATH ?? '', GIT_AUTHOR_NAME: 'evohub', GIT_AUTHOR_EMAIL: 'evohub@e.st' },
  });
  cleanups.push(() => h.stop());
  return h;
}

function evolutionRun(ns: string, name: string, generations = 2): Record<string, unknown> {
  return {
    apiVersion: 'evohub.io/v1alpha1',
    kind: 'EvolutionRun',
    metadata: { name, namespace: ns },
    spec: {
      repository: { url: repoUrl, ref: 'main' },
      promptPath: PROMPT,
      algorithm: {
        name: 'nsga2',
        population: 4,
        generations,
        seed: 1,
        objectives: [{ name: 'exact-label' }],
      },
      budget: { maxEvaluations: 1000 },
      providerKeySecret: { name: 'provider-keys', keys: ['OPENAI_API_KEY'] },
      workers: { min: 1, max: 3 },
    },
  };
}

const api = () => cp.kubeConfig.makeApiClient(CustomObjectsApi);
const batch = () => cp.kubeConfig.makeApiClient(BatchV1Api);

async function createRun(ns: string, body: Record<string, unknown>): Promise<EvolutionRun> {
  return (await api().createNamespacedCustomObject({
    group: 'evohub.io',
    version: 'v1alpha1',
    namespace: ns,
    plural: 'evolutionruns',
    body,
  })) as EvolutionRun;
}

async function getRun(ns: string, name: string): Promise<EvolutionRun | undefined> {
  try {
    return (await api().getNamespacedCustomObject({
      group: 'evohub.io',
      version: 'v1alpha1',
      namespace: ns,
      plural: 'evolutionruns',
      name,
    })) as EvolutionRun;
  } catch (err) {
    if ((err as { code?: number }).code === 404) return undefined;
    throw err;
  }
}

async function jobs(ns: string): Promise<V1Job[]> {
  return (await batch().listNamespacedJob({ namespace: ns })).items;
}

async function cleanRedis(run: EvolutionRun): Promise<void> {
  const prefix = redisPrefixOf(run);
  cleanups.push(() => deleteKeys(redis, prefix));
}

/** Holds a run mid-way for real: BullMQ's pause stops the workers taking the run's evaluations. */
async function pauseQueue(prefix: string, paused: boolean): Promise<void> {
  const queue = new Queue(EVALUATION_QUEUE, { connection: { host: '127.0.0.1', port: 6379 }, prefix });
  try {
    await (paused ? queue.pause() : queue.resume());
  } finally {
    await queue.close();
  }
}

const PROPOSAL = '.evohub/proposals/1.json';

test('an EvolutionRun becomes a coordinator Job and an evaluator Job and ends Succeeded with the PR URL', async () => {
  const ns = await namespace();
  await operator(ns, 'op-a');
  const run = await createRun(ns, evolutionRun(ns, 'triage'));
  await cleanRedis(run);
  const prefix = redisPrefixOf(run);

  const [coordinator, workers] = await until('both Jobs', async () => {
    const list = await jobs(ns);
    const c = list.find((j) => j.metadata?.name === 'triage-coordinator');
    const w = list.find((j) => j.metadata?.name === 'triage-workers');
    return c && w ? [c, w] : undefined;
  });
  const args = coordinator.spec?.template.spec?.containers[0]?.args ?? [];
  assert.deepEqual(args.slice(0, 4), ['evolve', PROMPT, '--distributed', '--redis']);
  assert.equal(args[args.indexOf('--queue-prefix') + 1], prefix);
  const runId = args[args.indexOf('--run-id') + 1] ?? '';
  assert.match(runId, /^er-[0-9a-f]{16}$/);
  assert.equal(coordinator.metadata?.ownerReferences?.[0]?.uid, run.metadata.uid);
  assert.equal(workers.metadata?.ownerReferences?.[0]?.kind, 'EvolutionRun');
  assert.equal(workers.spec?.parallelism, 1); // workers.min, the queue being empty
  assert.deepEqual(workers.spec?.template.spec?.containers[0]?.args?.slice(0, 1), ['worker']);
  const keyEnv = workers.spec?.template.spec?.containers[0]?.env?.find((e) => e.name === 'OPENAI_API_KEY');
  assert.equal(keyEnv?.valueFrom?.secretKeyRef?.name, 'provider-keys');

  // The kubelet harness runs the Jobs (the real coordinator and workers); the run completes.
  const h = harness(ns);
  const done = await until(
    'Succeeded',
    async () => {
      const r = await getRun(ns, 'triage');
      return r?.status?.phase === 'Succeeded' ? r : undefined;
    },
    90_000,
  );
  // No GitHub token: the winner was proposed with the local forge, whose record path is the URL.
  assert.equal(done.status?.pullRequestUrl, PROPOSAL);
  assert.equal(done.status?.generation, 2);
  assert.ok((done.status?.evaluations ?? 0) > 0);
  assert.ok((done.status?.bestFitness ?? 0) > 0);
  assert.equal(done.status?.conditions?.find((c) => c.type === 'Succeeded')?.status, 'True');
  // In the coordinator pod's clone: the winner's branch, and the proposal of that branch.
  const clone = join(h.podDirs('triage-coordinator')[0] ?? '', 'workspace');
  assert.ok(existsSync(join(clone, PROPOSAL)));
  assert.match(git(clone, 'rev-parse', `refs/heads/evohub/ticket-triage/${runId}`).trim(), /^[0-9a-f]{40}$/);
  assert.ok((h.started()['triage-workers'] ?? 0) >= 1);
  // The progress record the operator copied is the coordinator's final one.
  const progress = JSON.parse((await redis.get(`${prefix}:progress`)) ?? '{}');
  assert.equal(progress.done, true);
  assert.equal(progress.evaluations, done.status?.evaluations);
  assert.ok(done.metadata.finalizers?.includes('evohub.io/redis-cleanup'));
  assert.equal(h.started()['triage-coordinator'], 1);
  // Events were recorded on the transitions.
  const events = await cp.kubeConfig.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: ns });
  const reasons = new Set(
    events.items.filter((e) => e.involvedObject.name === 'triage').map((e) => e.reason),
  );
  for (const r of ['CoordinatorCreated', 'WorkersCreated', 'Running', 'Succeeded'])
    assert.ok(reasons.has(r), r);
  // Workers are stopped once the run has ended.
  await until('workers stopped', async () => {
    const w = (await jobs(ns)).find((j) => j.metadata?.name === 'triage-workers');
    return w?.spec?.parallelism === 0;
  });
});

/** The chart's ServiceAccount and RBAC (watching one namespace), applied for real; a KubeConfig with its token. */
async function chartServiceAccount(ns: string): Promise<KubeConfig> {
  const helmBin = ensureBinaries(['helm']).helm;
  const home = mkdtempSync(join(tmpdir(), 'evohub-helm-'));
  cleanups.push(async () => rmSync(home, { recursive: true, force: true }));
  const r = spawnSync(
    helmBin,
    [
      'template',
      'evohub',
      join(ROOT, 'charts/evohub'),
      '--namespace',
      ns,
      '--set',
      `operator.watchNamespace=${ns}`,
    ],
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home } },
  );
  assert.equal(r.status, 0, r.stderr);
  const objects = parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as KubernetesObject | null)
    .filter((o): o is KubernetesObject =>
      Boolean(o && ['ServiceAccount', 'Role', 'RoleBinding'].includes(o.kind ?? '')),
    );
  assert.equal(objects.length, 5); // the ServiceAccount, the run Role/RoleBinding, the Lease Role/RoleBinding
  await applyObjects(cp.kubeConfig, objects);
  const token = await cp.kubeConfig.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name: 'evohub',
    namespace: ns,
    body: { spec: { audiences: [] } },
  });
  const cluster = cp.kubeConfig.getCurrentCluster();
  assert.ok(cluster && token.status?.token);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'evohub-sa', token: token.status.token }],
    contexts: [{ name: 'sa', cluster: cluster.name, user: 'evohub-sa', namespace: ns }],
    currentContext: 'sa',
  });
  return kc;
}

test('the operator works with only the chart RBAC (its ServiceAccount, least privilege)', async () => {
  const ns = await namespace();
  const kc = await chartServiceAccount(ns);
  // The ServiceAccount really is restricted: it cannot read Secrets.
  await assert.rejects(
    kc.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace: ns }),
    (e: { code?: number }) => e.code === 403,
  );
  await operator(ns, 'op-sa', kc);
  harness(ns);
  const run = await createRun(ns, evolutionRun(ns, 'least'));
  await cleanRedis(run);
  const done = await until(
    'Succeeded',
    async () => {
      const r = await getRun(ns, 'least');
      return r?.status?.phase === 'Succeeded' ? r : undefined;
    },
    90_000,
  );
  assert.equal(done.status?.pullRequestUrl, PROPOSAL);
  const events = await cp.kubeConfig.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: ns });
  assert.ok(events.items.some((e) => e.involvedObject.name === 'least' && e.reason === 'Succeeded'));
  await api().deleteNamespacedCustomObject({
    group: 'evohub.io',
    version: 'v1alpha1',
    namespace: ns,
    plural: 'evolutionruns',
    name: 'least',
  });
  await until('object gone', async () => (await getRun(ns, 'least')) === undefined);
});

test('the evaluator Job parallelism follows the Redis queue depth within workers.min and workers.max', async () => {
  const ns = await namespace();
  await operator(ns, 'op-scale');
  const run = await createRun(ns, evolutionRun(ns, 'scale')); // workers 1..3, 2 jobs per worker
  await cleanRedis(run);
  const prefix = redisPrefixOf(run);
  const parallelism = async () =>
    (await jobs(ns)).find((j) => j.metadata?.name === 'scale-workers')?.spec?.parallelism;
  await until('workers at min', async () => (await parallelism()) === 1);
  // No harness: nothing consumes the queue, so its depth is what the test puts there.
  await redis.lpush(`${prefix}:evaluations:wait`, 'a', 'b', 'c');
  await until('two workers for three jobs', async () => (await parallelism()) === 2);
  await redis.lpush(`${prefix}:evaluations:wait`, 'd', 'e', 'f', 'g', 'h', 'i', 'j');
  await until('capped at max', async () => (await parallelism()) === 3);
  await redis.del(`${prefix}:evaluations:wait`);
  await until('back to min', async () => (await parallelism()) === 1);
});

test('deleting a run mid-way: the finalizer stops the Jobs, removes its Redis keys, and the object goes', async () => {
  const ns = await namespace();
  await operator(ns, 'op-a');
  const body = evolutionRun(ns, 'mid', 50);
  const run = await createRun(ns, body);
  const prefix = redisPrefixOf(run);
  await cleanRedis(run);
  const h = harness(ns);
  await until('progress in Redis', async () => (await redis.get(`${prefix}:progress`)) !== null);
  await pauseQueue(prefix, true); // the run cannot finish while the test acts
  await until('Running', async () => (await getRun(ns, 'mid'))?.status?.phase === 'Running');
  assert.equal(h.running('mid-coordinator'), 1);
  assert.ok((await redis.keys(`${prefix}:*`)).length > 0);

  await api().deleteNamespacedCustomObject({
    group: 'evohub.io',
    version: 'v1alpha1',
    namespace: ns,
    plural: 'evolutionruns',
    name: 'mid',
  });
  await until('object gone', async () => (await getRun(ns, 'mid')) === undefined);
  assert.deepEqual(
    (await jobs(ns)).map((j) => j.metadata?.name),
    [],
  );
  assert.deepEqual(await redis.keys(`${prefix}:*`), []);
  const events = await cp.kubeConfig.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: ns });
  assert.ok(events.items.some((e) => e.involvedObject.name === 'mid' && e.reason === 'Cleanup'));
});

test('an operator killed mid-run and restarted: no duplicate Jobs, the run continues to Succeeded', async () => {
  const ns = await namespace();
  const first = await operator(ns, 'op-first');
  const run = await createRun(ns, evolutionRun(ns, 'restart', 3));
  const prefix = redisPrefixOf(run);
  await cleanRedis(run);
  const h = harness(ns);
  await until('progress', async () => (await redis.get(`${prefix}:progress`)) !== null);
  await pauseQueue(prefix, true); // mid-run for as long as the test needs
  // Killed: the Lease stays with the dead replica until it expires; the Jobs keep running meanwhile.
  await first.stop({ releaseLease: false });
  const second = await operator(ns, 'op-second');
  await until('second operator leads', async () => second.isLeader());
  await pauseQueue(prefix, false);
  const done = await until(
    'Succeeded',
    async () => {
      const r = await getRun(ns, 'restart');
      return r?.status?.phase === 'Succeeded' ? r : undefined;
    },
    90_000,
  );
  const names = (await jobs(ns)).map((j) => j.metadata?.name).sort();
  assert.deepEqual(names, ['restart-coordinator', 'restart-workers']);
  assert.equal(h.started()['restart-coordinator'], 1);
  assert.equal(done.status?.generation, 3);
  assert.equal(done.status?.pullRequestUrl, PROPOSAL);
});

test('a coordinator pod that dies is retried: the new pod, in a fresh clone, resumes the run from its checkpoint', async () => {
  const ns = await namespace();
  await operator(ns, 'op-retry');
  const run = await createRun(ns, evolutionRun(ns, 'retry', 3));
  const prefix = redisPrefixOf(run);
  await cleanRedis(run);
  const h = harness(ns);
  await until('a checkpoint', async () => (await redis.keys(`${prefix}:checkpoint:*`)).length > 0);
  await pauseQueue(prefix, true);
  h.crash('retry-coordinator'); // as a node failure would: the Job counts a failed pod and starts another
  await until('a second coordinator pod', async () => h.started()['retry-coordinator'] === 2);
  await pauseQueue(prefix, false);
  const done = await until(
    'Succeeded',
    async () => {
      const r = await getRun(ns, 'retry');
      return r?.status?.phase === 'Succeeded' ? r : undefined;
    },
    90_000,
  );
  assert.equal(done.status?.generation, 3);
  assert.equal(done.status?.pullRequestUrl, PROPOSAL);
  const coordinator = (await jobs(ns)).find((j) => j.metadata?.name === 'retry-coordinator');
  assert.equal(coordinator?.status?.failed, 1);
  const [first, second] = h.podDirs('retry-coordinator');
  assert.ok(first && second && first !== second);
  assert.match(readFileSync(join(second, 'coordinator.log'), 'utf8'), /\(resumed after generation [12]\)/);
  assert.ok(existsSync(join(second, 'workspace', PROPOSAL)));
});

test('two operator replicas: only the Lease holder reconciles', async () => {
  const ns = await namespace();
  const a = await operator(ns, 'replica-a');
  const b = await operator(ns, 'replica-b');
  await until('a leader', async () => a.isLeader() || b.isLeader());
  const run = await createRun(ns, evolutionRun(ns, 'pair'));
  await cleanRedis(run);
  await until('Jobs', async () => (await jobs(ns)).length === 2);
  await delay(500); // a few more reconciles (requeues, job events) happen meanwhile
  const [leader, standby] = a.isLeader() ? [a, b] : [b, a];
  assert.equal(leader.isLeader() && standby.isLeader(), false);
  const count = async (op: RunningOperator) =>
    (await op.metrics.reconciles.get()).values.reduce((n, v) => n + v.value, 0);
  assert.ok((await count(leader)) > 0);
  assert.equal(await count(standby), 0);
  const lease = await cp.kubeConfig
    .makeApiClient((await import('@kubernetes/client-node')).CoordinationV1Api)
    .readNamespacedLease({ name: 'evohub-operator', namespace: ns });
  assert.equal(lease.spec?.holderIdentity, a.isLeader() ? 'replica-a' : 'replica-b');
  // Health and metrics endpoints of both replicas.
  for (const op of [leader, standby]) {
    const base = `http://127.0.0.1:${op.metricsPort}`;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
  }
  const text = await (await fetch(`http://127.0.0.1:${leader.metricsPort}/metrics`)).text();
  assert.match(text, /evohub_operator_leader 1/);
  assert.match(text, /evohub_operator_reconcile_total\{result="ok"\} [1-9]/);
  assert.match(
    await (await fetch(`http://127.0.0.1:${standby.metricsPort}/metrics`)).text(),
    /evohub_operator_leader 0/,
  );
});

test('executor argo-workflow: a Workflow replaces the evaluator Job, and goes with the run', {
  skip: crds.skip,
}, async () => {
  const ns = await namespace();
  await operator(ns, 'op-wf', cp.kubeConfig, true);
  const body = evolutionRun(ns, 'wf') as { spec: Record<string, unknown> };
  body.spec.executor = 'argo-workflow';
  const run = await createRun(ns, body as unknown as Record<string, unknown>);
  await cleanRedis(run);
  const custom = api();
  const wfApi = { group: 'argoproj.io', version: 'v1alpha1', namespace: ns, plural: 'workflows' };
  const wf = await until('Workflow', async () => {
    const list = (await custom.listNamespacedCustomObject(wfApi)) as { items: Record<string, unknown>[] };
    return list.items[0] as
      | {
          metadata: { name: string; ownerReferences: { uid: string }[] };
          spec: { parallelism: number; templates: { name: string; container?: { args: string[] } }[] };
        }
      | undefined;
  });
  assert.equal(wf.metadata.name, 'wf-workers');
  assert.equal(wf.metadata.ownerReferences[0]?.uid, run.metadata.uid);
  assert.equal(wf.spec.parallelism, 3);
  assert.equal(wf.spec.templates.find((t) => t.name === 'worker')?.container?.args[0], 'worker');
  assert.deepEqual(
    (await jobs(ns)).map((j) => j.metadata?.name),
    ['wf-coordinator'],
  );

  await custom.deleteNamespacedCustomObject({
    group: 'evohub.io',
    version: 'v1alpha1',
    namespace: ns,
    plural: 'evolutionruns',
    name: 'wf',
  });
  await until('object gone', async () => (await getRun(ns, 'wf')) === undefined);
  const left = (await custom.listNamespacedCustomObject(wfApi)) as {
    items: { metadata: { deletionTimestamp?: string } }[];
  };
  assert.deepEqual(
    left.items.filter((w) => !w.metadata.deletionTimestamp),
    [],
  );
});

test('an invalid spec is rejected by the API server with a precise message', async () => {
  const ns = await namespace();
  const body = evolutionRun(ns, 'bad') as { spec: { workers: { min: number; max: number } } };
  body.spec.workers = { min: 5, max: 2 };
  await assert.rejects(
    createRun(ns, body as unknown as Record<string, unknown>),
    (err: { code?: number; body?: unknown }) => {
      assert.equal(err.code, 422);
      assert.match(
        String(err.body),
        /spec\.workers: Invalid value: .*workers\.min .*must be less than or equal to workers\.max/,
      );
      return true;
    },
  );
});

/** A TCP proxy in front of the API server whose connections the test can cut. */
async function proxy(target: URL): Promise<{ port: number; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cut: () => {
      for (const s of sockets) s.destroy(new Error('cut by test'));
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy(); // keep-alive connections would hold close() open
      }),
  };
}

test('a dropped watch is recovered: the informer restarts and later runs are reconciled', async () => {
  const ns = await namespace();
  const p = await proxy(new URL(cp.server));
  cleanups.push(() => p.close());
  const kc = new KubeConfig();
  kc.loadFromFile(cp.kubeconfigPath);
  const cluster = kc.getCurrentCluster();
  assert.ok(cluster);
  kc.clusters = kc.clusters.map((c) =>
    c.name === cluster.name ? { ...c, server: `https://127.0.0.1:${p.port}` } : c,
  );
  const op = await operator(ns, 'op-proxy', kc);
  await until('leader', async () => op.isLeader());
  const first = await createRun(ns, evolutionRun(ns, 'before-cut'));
  await cleanRedis(first);
  await until('first Jobs', async () => (await jobs(ns)).length === 2);

  p.cut(); // every watch (and any request in flight) loses its connection
  await until(
    'informer restarted',
    async () => (op.informerRestarts().evolutionruns ?? 0) > 0 || undefined,
    60_000,
  ).catch(
    () => undefined, // a watch that ended cleanly is re-opened by the client itself: recovery is what counts
  );
  const second = await createRun(ns, evolutionRun(ns, 'after-cut'));
  await cleanRedis(second);
  await until('Jobs of the run created after the cut', async () =>
    (await jobs(ns)).some((j) => j.metadata?.name === 'after-cut-coordinator'),
  );
});
