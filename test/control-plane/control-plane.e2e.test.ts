import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { ApiException, CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { type ControlPlane, startControlPlane } from './index.ts';

let cp: ControlPlane;

before(async () => {
  cp = await startControlPlane({ readyTimeoutMs: 300_000 });
});
after(async () => {
  await cp?.stop();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('the kubeconfig reaches the API server over verified TLS as the admin (system:masters)', async () => {
  const kubeconfig = readFileSync(cp.kubeconfigPath, 'utf8');
  assert.ok(kubeconfig.includes(cp.server));
  assert.match(cp.server, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(cp.kubeConfig.getCurrentCluster()?.skipTLSVerify ?? false, false);
  const core = cp.kubeConfig.makeApiClient(CoreV1Api);
  const namespaces = await core.listNamespace();
  assert.ok(namespaces.items.some((ns) => ns.metadata?.name === 'default'));
  await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'probe' }, data: { hello: 'world' } },
  });
  const read = await core.readNamespacedConfigMap({ namespace: 'default', name: 'probe' });
  assert.equal(read.data?.hello, 'world');
});

test('an unknown token is rejected (401): token auth is on', async () => {
  const kc = cp.userKubeConfig;
  const users = kc.getUsers().map((u) => (u.name === cp.user.name ? { ...u, token: 'not-a-token' } : u));
  const { KubeConfig } = await import('@kubernetes/client-node');
  const bad = new KubeConfig();
  bad.loadFromOptions({
    clusters: kc.getClusters(),
    users,
    contexts: kc.getContexts(),
    currentContext: 'user',
  });
  await assert.rejects(
    bad.makeApiClient(CoreV1Api).listNamespace(),
    (err: unknown) => err instanceof ApiException && err.code === 401,
  );
});

test('RBAC: the low-privilege user is forbidden until a RoleBinding grants it', async () => {
  const userCore = cp.userKubeConfig.makeApiClient(CoreV1Api);
  await assert.rejects(
    userCore.readNamespacedConfigMap({ namespace: 'default', name: 'probe' }),
    (err: unknown) => err instanceof ApiException && err.code === 403,
  );
  const rbac = cp.kubeConfig.makeApiClient(RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({
    namespace: 'default',
    body: {
      metadata: { name: 'read-configmaps' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    },
  });
  await rbac.createNamespacedRoleBinding({
    namespace: 'default',
    body: {
      metadata: { name: 'user-reads-configmaps' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read-configmaps' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: cp.user.name }],
    },
  });
  // The RBAC authorizer reads roles from an informer cache, so the grant takes effect shortly after the write.
  let granted = false;
  for (let i = 0; i < 100 && !granted; i++) {
    try {
      const cm = await userCore.readNamespacedConfigMap({ namespace: 'default', name: 'probe' });
      granted = cm.data?.hello === 'world';
    } catch (err) {
      if (!(err instanceof ApiException && err.code === 403)) throw err;
      await delay(100);
    }
  }
  assert.ok(granted, 'the RoleBinding should grant get on configmaps');
  // Still only what was granted.
  await assert.rejects(
    userCore.listNamespacedConfigMap({ namespace: 'default' }),
    (err: unknown) => err instanceof ApiException && err.code === 403,
  );
});

test('stop() ends etcd and kube-apiserver and removes the temp dir (a second start is independent)', async () => {
  const other = await startControlPlane({ readyTimeoutMs: 300_000 });
  const pids = [other.pids.etcd, other.pids.kubeApiserver];
  assert.notEqual(other.server, cp.server);
  assert.ok(existsSync(other.dir));
  for (const pid of pids) assert.ok(isAlive(pid));
  await other.stop();
  assert.equal(existsSync(other.dir), false);
  for (const pid of pids) assert.equal(isAlive(pid), false, `process ${pid} should be gone`);
  await other.stop(); // idempotent
  // The first control plane is untouched.
  await cp.kubeConfig.makeApiClient(CoreV1Api).readNamespace({ name: 'default' });
});

for (const mode of ['crash', 'forget'] as const) {
  test(`a test process that ends without stop() (${mode}) exits and leaves no servers or temp dir`, async () => {
    const r = spawnSync(process.execPath, [join(import.meta.dirname, 'crash-fixture.ts'), mode], {
      encoding: 'utf8',
      timeout: 300_000, // a hang (servers keeping the process alive) ends here as a failure
    });
    assert.equal(r.signal, null, 'the process should exit by itself');
    if (mode === 'crash') {
      assert.equal(r.status, 1);
      assert.match(r.stderr, /simulated test crash/);
    } else {
      assert.equal(r.status, 0, r.stderr);
    }
    const { dir, pids } = JSON.parse(r.stdout.trim()) as {
      dir: string;
      pids: { etcd: number; kubeApiserver: number };
    };
    assert.equal(existsSync(dir), false, `${dir} should be removed`);
    // SIGKILL was sent on exit; the kernel finishes the processes (and init reaps them) a moment later.
    for (const pid of [pids.etcd, pids.kubeApiserver]) {
      for (let i = 0; i < 100 && isAlive(pid); i++) await delay(50);
      assert.equal(isAlive(pid), false, `process ${pid} should be gone`);
    }
  });
}
