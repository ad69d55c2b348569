/**
 * The operator end to end (run); the control plane, Redis and kubelet harness are
 * test/operator/operator-testbed.ts's.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CoreV1Api, KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { git } from '../../adapters/git/testing.ts';
import { redisPrefixOf } from '../../core/operator/names.ts';
import { ensureBinaries } from '../control-plane/index.ts';
import { applyObjects } from '../control-plane/manifests.ts';

import { operatorTestbed, PROMPT, PROPOSAL, ROOT } from './operator-testbed.ts';

const tb = operatorTestbed();
const { until, namespace, operator, harness, evolutionRun, api, createRun, getRun, jobs, cleanRedis } = tb;

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
  const progress = JSON.parse((await tb.redis.get(`${prefix}:progress`)) ?? '{}');
  assert.equal(progress.done, true);
  assert.equal(progress.evaluations, done.status?.evaluations);
  assert.ok(done.metadata.finalizers?.includes('evohub.io/redis-cleanup'));
  assert.equal(h.started()['triage-coordinator'], 1);
  // Events were recorded on the transitions.
  const events = await tb.cp.kubeConfig.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: ns });
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
  tb.cleanups.push(async () => rmSync(home, { recursive: true, force: true }));
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
  await applyObjects(tb.cp.kubeConfig, objects);
  const token = await tb.cp.kubeConfig.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name: 'evohub',
    namespace: ns,
    body: { spec: { audiences: [] } },
  });
  const cluster = tb.cp.kubeConfig.getCurrentCluster();
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
  const events = await tb.cp.kubeConfig.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: ns });
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
