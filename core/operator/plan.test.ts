import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setCondition } from './conditions.ts';
import { coordinatorArgs } from './job-builders.ts';
import { coordinatorJobName, evaluatorName, redisPrefixOf, runIdOf } from './names.ts';
import { planReconcile } from './plan.ts';
import { desiredParallelism } from './scaling.ts';
import { type EvolutionRun, FINALIZER, type ManifestObject, type Observed } from './types.ts';

const settings = {
  image: 'ghcr.io/evohub/evohub:0.1.0',
  gitImage: 'alpine/git:2.47.2',
  redisUrl: 'redis://redis:6379',
  jobsPerWorker: 2,
  workerConcurrency: 4,
};

function run(extra: Partial<EvolutionRun['metadata']> = {}, status?: EvolutionRun['status']): EvolutionRun {
  return {
    apiVersion: 'evohub.io/v1alpha1',
    kind: 'EvolutionRun',
    metadata: {
      name: 'triage',
      namespace: 'team-a',
      uid: '0f5e6a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b',
      generation: 1,
      finalizers: [FINALIZER],
      ...extra,
    },
    spec: {
      repository: {
        url: 'https://github.com/acme/prompts.git',
        ref: 'main',
        tokenSecret: { name: 'gh', key: 'token' },
      },
      promptPath: 'prompts/triage.prompt.yaml',
      algorithm: {
        name: 'nsga2',
        population: 8,
        generations: 3,
        seed: 7,
        objectives: [{ name: 'exact-label' }],
      },
      budget: { maxEvaluations: 500 },
      providerKeySecret: { name: 'keys', keys: ['OPENAI_API_KEY'] },
      workers: { min: 1, max: 5 },
    },
    ...(status ? { status } : {}),
  };
}

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:05:00Z';

function observe(o: Partial<Observed> = {}): Observed {
  return { run: run(), now: T0, settings, ...o };
}

function created(plan: ReturnType<typeof planReconcile>): ManifestObject[] {
  return plan.actions.flatMap((a) => (a.kind === 'create' ? [a.object] : []));
}

test('a new run gets the finalizer, a coordinator Job and an evaluator Job at min parallelism', () => {
  const plan = planReconcile(observe({ run: run({ finalizers: [] }) }));
  assert.equal(plan.actions[0]?.kind, 'add-finalizer');
  const objs = created(plan);
  assert.deepEqual(
    objs.map((o) => [o.kind, o.metadata.name]),
    [
      ['Job', 'triage-coordinator'],
      ['Job', 'triage-workers'],
    ],
  );
  const workers = objs[1];
  assert.equal(workers?.spec.parallelism, 1);
  assert.equal(workers?.metadata.ownerReferences?.[0]?.uid, run().metadata.uid);
  assert.equal(plan.status?.phase, 'Running');
  assert.equal(plan.requeueAfterMs, 5000);
});

test('the coordinator runs evolve --distributed with a uid-derived run id and a per-run Redis prefix', () => {
  const args = coordinatorArgs(run(), settings);
  assert.deepEqual(args.slice(0, 9), [
    'evolve',
    'prompts/triage.prompt.yaml',
    '--distributed',
    '--redis',
    'redis://redis:6379',
    '--queue-prefix',
    redisPrefixOf(run()),
    '--run-id',
    runIdOf(run()),
  ]);
  assert.equal(runIdOf(run()), 'er-0f5e6a1c2b3d4e5f');
  assert.ok(args.includes('--budget-evals') && args.includes('500'));
});

test('names stay DNS labels for long run names', () => {
  const long = run({ name: 'x'.repeat(60) });
  assert.ok(coordinatorJobName(long).length <= 63);
  assert.ok(evaluatorName(long).length <= 63);
  assert.notEqual(coordinatorJobName(long), evaluatorName(long));
});

test('parallelism follows the queue depth within [min, max]', () => {
  const bounds = { min: 1, max: 5 };
  assert.equal(desiredParallelism(0, bounds, 2, 3), 1);
  assert.equal(desiredParallelism(7, bounds, 2, 1), 4);
  assert.equal(desiredParallelism(100, bounds, 2, 1), 5);
  assert.equal(desiredParallelism(undefined, bounds, 2, 3), 3);
  const existing = {
    coordinator: { name: 'triage-coordinator', complete: false, failedCondition: false, active: 1 },
    evaluator: { name: 'triage-workers', parallelism: 1, complete: false, failedCondition: false },
  };
  const plan = planReconcile(observe({ ...existing, queueDepth: 9 }));
  assert.deepEqual(
    plan.actions.filter((a) => a.kind !== 'event'),
    [{ kind: 'scale-job', name: 'triage-workers', parallelism: 5 }],
  );
});

test('existing Jobs are not created again (a restarted operator makes no duplicates)', () => {
  const plan = planReconcile(
    observe({
      coordinator: { name: 'triage-coordinator', complete: false, failedCondition: false },
      evaluator: { name: 'triage-workers', parallelism: 1, complete: false, failedCondition: false },
      queueDepth: 0,
    }),
  );
  assert.deepEqual(created(plan), []);
});

test('a completed coordinator: Succeeded with the PR URL, workers stopped, conditions flipped once', () => {
  const running = planReconcile(observe());
  const status = running.status;
  assert.ok(status);
  const plan = planReconcile({
    ...observe({ run: run({}, status), now: T1 }),
    coordinator: { name: 'triage-coordinator', complete: true, failedCondition: false, succeeded: 1 },
    evaluator: { name: 'triage-workers', parallelism: 2, complete: false, failedCondition: false },
    progress: {
      generation: 3,
      evaluations: 120,
      costUsd: 0.5,
      bestFitness: 0.9,
      pullRequestUrl: 'https://x/pr/1',
    },
  });
  assert.equal(plan.status?.phase, 'Succeeded');
  assert.equal(plan.status?.pullRequestUrl, 'https://x/pr/1');
  assert.equal(plan.status?.evaluations, 120);
  assert.equal(plan.status?.completionTime, T1);
  assert.equal(plan.status?.startTime, T0);
  const succeeded = plan.status?.conditions?.find((c) => c.type === 'Succeeded');
  assert.equal(succeeded?.status, 'True');
  assert.equal(succeeded?.lastTransitionTime, T1);
  assert.ok(plan.actions.some((a) => a.kind === 'scale-job' && a.parallelism === 0));
  assert.ok(plan.actions.some((a) => a.kind === 'event' && a.reason === 'Succeeded'));
  assert.equal(plan.requeueAfterMs, undefined);
});

test('lastTransitionTime changes only when the status flips', () => {
  const a = setCondition([], { type: 'Running', status: 'True', reason: 'A', message: 'a' }, T0, 1);
  const b = setCondition(a, { type: 'Running', status: 'True', reason: 'B', message: 'b' }, T1, 2);
  assert.equal(b[0]?.lastTransitionTime, T0);
  assert.equal(b[0]?.reason, 'B');
  const c = setCondition(b, { type: 'Running', status: 'False', reason: 'C', message: 'c' }, T1, 2);
  assert.equal(c[0]?.lastTransitionTime, T1);
});

test('an unchanged observation writes no status', () => {
  const first = planReconcile(observe({ queueDepth: 0 }));
  const second = planReconcile({
    ...observe({ run: run({}, first.status), now: T1, queueDepth: 0 }),
    coordinator: { name: 'triage-coordinator', complete: false, failedCondition: false },
    evaluator: { name: 'triage-workers', parallelism: 1, complete: false, failedCondition: false },
  });
  assert.equal(second.status, undefined);
  assert.deepEqual(second.actions, []);
});

test('a failed coordinator fails the run with a Warning event', () => {
  const plan = planReconcile(
    observe({
      coordinator: {
        name: 'triage-coordinator',
        complete: false,
        failedCondition: true,
        message: 'BackoffLimitExceeded',
      },
    }),
  );
  assert.equal(plan.status?.phase, 'Failed');
  assert.ok(plan.actions.some((a) => a.kind === 'event' && a.type === 'Warning'));
  assert.deepEqual(created(plan), []);
});

test('deletion stops the workers, waits out the grace period, cleans the Redis keys, removes the finalizer', () => {
  const deleting = run({ deletionTimestamp: T0 });
  const first = planReconcile(
    observe({
      run: deleting,
      coordinator: { name: 'triage-coordinator', complete: false, failedCondition: false },
      evaluator: { name: 'triage-workers', parallelism: 2, complete: false, failedCondition: false },
    }),
  );
  assert.deepEqual(
    first.actions.filter((a) => a.kind !== 'event').map((a) => a.kind),
    ['delete-job', 'delete-job'],
  );
  assert.equal(first.requeueAfterMs, 30_000);
  const waiting = planReconcile(observe({ run: deleting, now: '2026-01-01T00:00:10Z' }));
  assert.deepEqual(waiting.actions, []);
  assert.equal(waiting.requeueAfterMs, 20_000);
  const last = planReconcile(observe({ run: deleting, now: '2026-01-01T00:00:30Z' }));
  assert.deepEqual(
    last.actions.filter((a) => a.kind !== 'event'),
    [{ kind: 'cleanup-redis', prefix: redisPrefixOf(deleting) }, { kind: 'remove-finalizer' }],
  );
  assert.deepEqual(
    planReconcile(observe({ run: run({ deletionTimestamp: T1, finalizers: [] }) })).actions,
    [],
  );
});

test('executor argo-workflow creates a Workflow instead of the evaluator Job', () => {
  const r = run();
  r.spec.executor = 'argo-workflow';
  const objs = created(planReconcile(observe({ run: r })));
  assert.deepEqual(
    objs.map((o) => `${o.apiVersion}/${o.kind}`),
    ['batch/v1/Job', 'argoproj.io/v1alpha1/Workflow'],
  );
  assert.equal(objs[1]?.spec.parallelism, 5);
});
