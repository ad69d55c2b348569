/**
 * The upstream Argo CRDs (found by test/support/argo-crds.ts, never copied into the repository) install on the test API
 * server and serve their resources: Argo Rollouts, the Argo CD Application and the MINIMAL Argo Workflows CRD
 * (the full one is a 2.8 MB validation schema, not meant for a test server).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { ApiException, CustomObjectsApi, type KubernetesObject } from '@kubernetes/client-node';
import { ARGO_CRD_FILES, argoCrds } from '../support/argo-crds.ts';
import { type ControlPlane, startControlPlane } from './index.ts';
import { applyObjects, loadManifests, waitForCrdEstablished } from './manifests.ts';

const crds = await argoCrds();

// Without the CRDs the whole suite skips with the resolver's one-line reason (no control plane started).
describe('upstream Argo CRDs on the test API server', { skip: crds.skip }, () => {
  let cp: ControlPlane;
  before(async () => {
    cp = await startControlPlane({ readyTimeoutMs: 300_000 });
  });
  after(async () => {
    await cp?.stop();
  });

  test('every Argo CRD installs (server-side apply) and becomes Established', async () => {
    if (!crds.dir) throw new Error(crds.skip);
    assert.equal(ARGO_CRD_FILES.length, 7);
    const names: string[] = [];
    for (const { path } of ARGO_CRD_FILES) {
      const [crd] = await applyObjects(cp.kubeConfig, loadManifests(crds.file(path)));
      assert.equal(crd?.kind, 'CustomResourceDefinition', path);
      names.push(crd?.metadata?.name ?? '');
    }
    assert.deepEqual(names.slice().sort(), [
      'analysisruns.argoproj.io',
      'analysistemplates.argoproj.io',
      'applications.argoproj.io',
      'clusteranalysistemplates.argoproj.io',
      'experiments.argoproj.io',
      'rollouts.argoproj.io',
      'workflows.argoproj.io',
    ]);
    for (const name of names) await waitForCrdEstablished(cp.kubeConfig, name);
  });

  /** Dry-run applies, retrying while discovery has not caught up with a just-Established CRD. */
  async function dryRunApply(obj: KubernetesObject): Promise<KubernetesObject> {
    for (let attempt = 0; ; attempt++) {
      try {
        const [out] = await applyObjects(cp.kubeConfig, [obj], { dryRun: true });
        return out as KubernetesObject;
      } catch (err) {
        const notServedYet = err instanceof ApiException && err.code === 404;
        const undiscovered = err instanceof Error && /resource .* not found|unrecognized/i.test(err.message);
        if (attempt >= 50 || !(notServedYet || undiscovered)) throw err;
        await delay(200);
      }
    }
  }

  test('the installed CRDs serve objects: a Rollout, an Application and a Workflow pass a server-side dry run', async () => {
    const rollout = await dryRunApply({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'prompt', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'prompt' } },
        template: {
          metadata: { labels: { app: 'prompt' } },
          spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
        },
        strategy: { canary: { steps: [{ setWeight: 20 }, { pause: { duration: '1m' } }] } },
      },
    } as KubernetesObject);
    assert.equal(rollout.kind, 'Rollout');
    const app = await dryRunApply({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'evohub', namespace: 'default' },
      spec: {
        project: 'default',
        source: {
          repoURL: 'https://example.invalid/charts.git',
          path: 'charts/evohub',
          targetRevision: 'main',
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'evohub' },
      },
    } as KubernetesObject);
    assert.equal(app.kind, 'Application');
    const wf = await dryRunApply({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'evaluate', namespace: 'default' },
      spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'example/evohub:1' } }] },
    } as KubernetesObject);
    assert.equal(wf.kind, 'Workflow');
  });

  test('the Rollout schema is enforced: a wrongly typed field is rejected by the API server (422)', async () => {
    const api = cp.kubeConfig.makeApiClient(CustomObjectsApi);
    await assert.rejects(
      api.createNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        plural: 'rollouts',
        namespace: 'default',
        dryRun: 'All',
        body: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          metadata: { name: 'bad' },
          spec: { replicas: 'three' },
        },
      }),
      (err: unknown) =>
        err instanceof ApiException &&
        err.code === 422 &&
        /spec\.replicas in body must be of type integer/.test(String(err.body)),
    );
  });
});
