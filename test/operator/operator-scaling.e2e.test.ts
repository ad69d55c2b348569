/**
 * The operator end to end (scaling); the control plane, Redis and kubelet harness are
 * test/operator/operator-testbed.ts's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CoreV1Api } from '@kubernetes/client-node';
import { redisPrefixOf } from '../../core/operator/names.ts';

import { crds, operatorTestbed } from './operator-testbed.ts';

const tb = operatorTestbed();
const {
  until,
  namespace,
  operator,
  harness,
  evolutionRun,
  api,
  createRun,
  getRun,
  jobs,
  cleanRedis,
  pauseQueue,
} = tb;

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
  await tb.redis.lpush(`${prefix}:evaluations:wait`, 'a', 'b', 'c');
  await until('two workers for three jobs', async () => (await parallelism()) === 2);
  await tb.redis.lpush(`${prefix}:evaluations:wait`, 'd', 'e', 'f', 'g', 'h', 'i', 'j');
  await until('capped at max', async () => (await parallelism()) === 3);
  await tb.redis.del(`${prefix}:evaluations:wait`);
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
  await until('progress in Redis', async () => (await tb.redis.get(`${prefix}:progress`)) !== null);
  await pauseQueue(prefix, true); // the run cannot finish while the test acts
  await until('Running', async () => (await getRun(ns, 'mid'))?.status?.phase === 'Running');
  assert.equal(h.running('mid-coordinator'), 1);
  assert.ok((await tb.redis.keys(`${prefix}:*`)).length > 0);

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
  assert.deepEqual(await tb.redis.keys(`${prefix}:*`), []);
  const events = await tb.cp.kubeConfig.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: ns });
  assert.ok(events.items.some((e) => e.involvedObject.name === 'mid' && e.reason === 'Cleanup'));
});

test('executor argo-workflow: a Workflow replaces the evaluator Job, and goes with the run', {
  skip: crds.skip,
}, async () => {
  const ns = await namespace();
  await operator(ns, 'op-wf', tb.cp.kubeConfig, true);
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
