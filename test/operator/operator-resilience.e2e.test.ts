/**
 * The operator end to end (resilience); the control plane, Redis and kubelet harness are
 * test/operator/operator-testbed.ts's.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { redisPrefixOf } from '../../core/operator/names.ts';
import type { RunningOperator } from '../../operator/operator.ts';

import { operatorTestbed, PROPOSAL } from './operator-testbed.ts';

const tb = operatorTestbed();
const { until, namespace, operator, harness, evolutionRun, createRun, getRun, jobs, cleanRedis, pauseQueue } =
  tb;

test('an operator killed mid-run and restarted: no duplicate Jobs, the run continues to Succeeded', async () => {
  const ns = await namespace();
  const first = await operator(ns, 'op-first');
  const run = await createRun(ns, evolutionRun(ns, 'restart', 3));
  const prefix = redisPrefixOf(run);
  await cleanRedis(run);
  const h = harness(ns);
  await until('progress', async () => (await tb.redis.get(`${prefix}:progress`)) !== null);
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
  await until('a checkpoint', async () => (await tb.redis.keys(`${prefix}:checkpoint:*`)).length > 0);
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
  const lease = await tb.cp.kubeConfig
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
  const p = await proxy(new URL(tb.cp.server));
  tb.cleanups.push(() => p.close());
  const kc = new KubeConfig();
  kc.loadFromFile(tb.cp.kubeconfigPath);
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
