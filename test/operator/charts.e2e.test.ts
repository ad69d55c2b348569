/**
 * The charts with the helm built from Go modules (scripts/testenv): `helm lint`, `helm template`, and the
 * rendered manifests applied to the real test API server with server-side DRY RUN, with the upstream Argo CRDs
 * (test/support/argo-crds.ts: Argo Rollouts, the Argo CD Application, the minimal Argo Workflows CRD) installed;
 * without them the tests that apply Argo objects skip. The Argo
 * CD Applications in templates/argocd/ and the example EvolutionRun are validated the same way.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, type KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import {
  applyManifestFile,
  type ControlPlane,
  ensureBinaries,
  loadManifests,
  startControlPlane,
  waitForCrdEstablished,
} from '../control-plane/index.ts';
import { applyObjects } from '../control-plane/manifests.ts';
import { ARGO_CRD_FILES, argoCrds } from '../support/argo-crds.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const crds = await argoCrds();
let cp: ControlPlane;
let helmBin: string;
let home: string;

before(async () => {
  helmBin = ensureBinaries(['helm']).helm;
  home = mkdtempSync(join(tmpdir(), 'evohub-helm-'));
  cp = await startControlPlane();
  const crdFiles = [
    join(ROOT, 'charts/evohub/crds/evolutionruns.evohub.io.yaml'),
    ...(crds.dir ? ARGO_CRD_FILES.map((f) => crds.file(f.path)) : []),
  ];
  for (const f of crdFiles) {
    for (const crd of await applyManifestFile(cp.kubeConfig, f)) {
      await waitForCrdEstablished(cp.kubeConfig, crd.metadata?.name ?? '');
    }
  }
  const core = cp.kubeConfig.makeApiClient(CoreV1Api);
  for (const name of ['evohub', 'apps', 'argocd', 'team-a'])
    await core.createNamespace({ body: { metadata: { name } } });
});

after(async () => {
  await cp?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

function helm(...args: string[]): string {
  const r = spawnSync(helmBin, args, {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      HELM_CACHE_HOME: join(home, 'c'),
      HELM_CONFIG_HOME: join(home, 'f'),
      HELM_DATA_HOME: join(home, 'd'),
    },
  });
  assert.equal(r.status, 0, `helm ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function docs(text: string): KubernetesObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as KubernetesObject | null)
    .filter((o): o is KubernetesObject => Boolean(o?.kind));
}

for (const chart of ['evohub', 'prompt-rollout']) {
  test(`helm lint passes on charts/${chart}`, () => {
    assert.match(helm('lint', join(ROOT, 'charts', chart)), /0 chart\(s\) failed/);
  });
}

test('charts/evohub renders least-privilege RBAC and is admitted by the API server (dry run)', async () => {
  const objects = docs(helm('template', 'evohub', join(ROOT, 'charts/evohub'), '--namespace', 'evohub'));
  const kinds = objects.map((o) => o.kind).sort();
  for (const k of [
    'ClusterRole',
    'ClusterRoleBinding',
    'Deployment',
    'Role',
    'RoleBinding',
    'Service',
    'ServiceAccount',
  ])
    assert.ok(kinds.includes(k), k);
  const role = objects.find((o) => o.kind === 'ClusterRole') as unknown as {
    rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  };
  const resources = role.rules.flatMap((r) => r.resources);
  assert.ok(!resources.includes('*') && !role.rules.some((r) => r.verbs.includes('*')));
  assert.ok(!resources.includes('secrets'), 'the operator reads no Secret');
  assert.ok(!resources.includes('workflows'), 'workflows only with rbac.argoWorkflows');
  const applied = await applyObjects(cp.kubeConfig, objects, { dryRun: true });
  assert.equal(applied.length, objects.length);
});

test('charts/evohub with a watched namespace renders a Role, Argo Workflows grants, and no bundled Redis', async () => {
  const objects = docs(
    helm(
      'template',
      'evohub',
      join(ROOT, 'charts/evohub'),
      '--namespace',
      'evohub',
      '--set',
      'operator.watchNamespace=team-a',
      '--set',
      'rbac.argoWorkflows=true',
      '--set',
      'redis.deploy=false',
      '--set',
      'redis.url=redis://redis.example:6379',
    ),
  );
  assert.ok(!objects.some((o) => o.kind === 'ClusterRole'));
  assert.ok(!objects.some((o) => o.metadata?.name?.endsWith('-redis')));
  await applyObjects(cp.kubeConfig, objects, { dryRun: true });
});

test('values.schema.json rejects a bad value', () => {
  const r = spawnSync(
    helmBin,
    ['template', 'x', join(ROOT, 'charts/evohub'), '--set', 'operator.replicas=0'],
    {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: home },
    },
  );
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /replicas/);
});

test('charts/prompt-rollout renders the prompts ConfigMap, a canary Rollout and the gate AnalysisTemplate (dry run)', {
  skip: crds.skip,
}, async () => {
  const objects = docs(
    helm('template', 'support-bot', join(ROOT, 'charts/prompt-rollout'), '--namespace', 'apps'),
  );
  const cm = objects.find((o) => o.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
  assert.match(cm.data['ticket-triage.prompt.yml'] ?? '', /name: Ticket triage/);
  const rollout = objects.find((o) => o.kind === 'Rollout') as unknown as {
    spec: { strategy: { canary: { steps: Record<string, unknown>[] } } };
  };
  assert.deepEqual(rollout.spec.strategy.canary.steps[0], { setWeight: 10 });
  const template = objects.find((o) => o.kind === 'AnalysisTemplate');
  assert.match(JSON.stringify(template), /\{\{args\.canary-weight\}\}/);
  await applyObjects(cp.kubeConfig, objects, { dryRun: true });
});

test('the Argo CD Applications and the example EvolutionRun are valid against their CRDs (dry run)', {
  skip: crds.skip,
}, async () => {
  for (const f of readdirSync(join(ROOT, 'templates/argocd'))) {
    await applyManifestFile(cp.kubeConfig, join(ROOT, 'templates/argocd', f), { dryRun: true });
  }
  const run = loadManifests(join(ROOT, 'templates/kubernetes/evolution-run.yaml'));
  for (const o of run) o.metadata = { ...o.metadata, namespace: 'team-a' };
  await applyObjects(cp.kubeConfig, run, { dryRun: true });
  // and a broken Application is rejected, so the check can fail
  const bad = loadManifests(join(ROOT, 'templates/argocd/evohub-application.yaml'));
  (bad[0] as unknown as { spec: Record<string, unknown> }).spec.destination = 'nowhere';
  await assert.rejects(applyObjects(cp.kubeConfig, bad, { dryRun: true }));
});
