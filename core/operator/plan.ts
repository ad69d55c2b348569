/**
 * The reconcile plan: given what the operator observed of one EvolutionRun (the object, its Jobs or Workflow,
 * the queue depth and the progress in Redis, the time), which objects to create, patch or delete and which
 * status to write. Pure and level-triggered: the same observation gives the same plan, and applying a plan
 * twice is harmless (names are derived, creates of existing objects are no-ops).
 */
import { setCondition } from './conditions.ts';
import { coordinatorJob, evaluatorJob, evaluatorWorkflow } from './job-builders.ts';
import { coordinatorJobName, evaluatorName, redisPrefixOf } from './names.ts';
import { desiredParallelism, workerBounds } from './scaling.ts';
import {
  type Action,
  type Condition,
  type EvolutionRunStatus,
  FINALIZER,
  type Observed,
  type Phase,
  type Plan,
} from './types.ts';

/** How often a running run is reconciled again to follow the queue depth and the progress. */
export const RUNNING_REQUEUE_MS = 5_000;

/** Condition types: Running (work in progress) and Succeeded (True on success, False on failure). */
export const CONDITION_RUNNING = 'Running';
export const CONDITION_SUCCEEDED = 'Succeeded';

function isTerminal(phase: Phase | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The evaluator's actions: its Job (or Argo Workflow) created while the run is live, scaled, stopped at the end. */
function planWorkers(o: Observed, live: boolean): Action[] {
  const run = o.run;
  const executor = run.spec.executor ?? 'job';
  const bounds = workerBounds(run.spec.workers);
  const actions: Action[] = [];
  if (executor === 'argo-workflow') {
    if (live && !o.workflow) {
      actions.push({ kind: 'create', object: evaluatorWorkflow(run, o.settings) });
      actions.push({
        kind: 'event',
        type: 'Normal',
        reason: 'WorkflowCreated',
        message: `created Workflow ${evaluatorName(run)}`,
      });
    }
    if (!live && o.workflow) actions.push({ kind: 'delete-workflow', name: o.workflow.name });
  } else {
    const e = o.evaluator;
    const want = live
      ? desiredParallelism(o.queueDepth, bounds, o.settings.jobsPerWorker, e?.parallelism)
      : 0;
    if (!e && live) {
      actions.push({ kind: 'create', object: evaluatorJob(run, o.settings, want) });
      actions.push({
        kind: 'event',
        type: 'Normal',
        reason: 'WorkersCreated',
        message: `created Job ${evaluatorName(run)} with parallelism ${want}`,
      });
    } else if (e && (e.parallelism ?? 0) !== want && !e.complete && !e.failedCondition) {
      actions.push({ kind: 'scale-job', name: e.name, parallelism: want });
      actions.push({
        kind: 'event',
        type: 'Normal',
        reason: 'WorkersScaled',
        message: `parallelism ${e.parallelism ?? 0} -> ${want} (queue depth ${o.queueDepth ?? 'unknown'})`,
      });
    }
  }
  return actions;
}

export function planReconcile(o: Observed): Plan {
  const run = o.run;
  const meta = run.metadata;
  const hasFinalizer = (meta.finalizers ?? []).includes(FINALIZER);
  if (meta.deletionTimestamp) return planDeletion(o, hasFinalizer);

  const actions: Action[] = [];
  if (!hasFinalizer) actions.push({ kind: 'add-finalizer' });

  const before = run.status ?? {};
  const status: EvolutionRunStatus = { ...before };
  const generation = meta.generation;
  const c = o.coordinator;

  // Progress first, so that the final status carries the last counters and the PR URL.
  const p = o.progress;
  if (p) {
    if (p.generation !== undefined) status.generation = p.generation;
    if (p.evaluations !== undefined) status.evaluations = p.evaluations;
    if (p.costUsd !== undefined) status.costUsd = p.costUsd;
    if (p.bestFitness !== undefined) status.bestFitness = p.bestFitness;
    if (p.pullRequestUrl !== undefined) status.pullRequestUrl = p.pullRequestUrl;
  }

  let phase: Phase = before.phase ?? 'Pending';
  let conditions: Condition[] = before.conditions ?? [];
  let message = before.message ?? '';
  const transition = (to: Phase, msg: string): void => {
    if (phase !== to) {
      const failed = to === 'Failed';
      actions.push({ kind: 'event', type: failed ? 'Warning' : 'Normal', reason: to, message: msg });
    }
    phase = to;
    message = msg;
  };

  if (!isTerminal(phase)) {
    if (!c) {
      actions.push({ kind: 'create', object: coordinatorJob(run, o.settings) });
      actions.push({
        kind: 'event',
        type: 'Normal',
        reason: 'CoordinatorCreated',
        message: `created Job ${coordinatorJobName(run)}`,
      });
    }
    if (c?.complete) {
      transition('Succeeded', status.pullRequestUrl ? `done: ${status.pullRequestUrl}` : 'done');
    } else if (c?.failedCondition) {
      transition('Failed', `coordinator Job failed${c.message ? `: ${c.message}` : ''}`);
    } else {
      transition('Running', 'evolving');
    }
  }

  // Workers: created while the run is live, scaled to the queue, stopped (parallelism 0) once it has ended.
  const live = !isTerminal(phase);
  actions.push(...planWorkers(o, live));

  const succeeded = phase === 'Succeeded';
  const failed = phase === 'Failed';
  conditions = setCondition(
    conditions,
    live
      ? { type: CONDITION_RUNNING, status: 'True', reason: 'Evolving', message }
      : { type: CONDITION_RUNNING, status: 'False', reason: succeeded ? 'Completed' : 'Failed', message },
    o.now,
    generation,
  );
  conditions = setCondition(
    conditions,
    succeeded
      ? { type: CONDITION_SUCCEEDED, status: 'True', reason: 'Completed', message }
      : failed
        ? { type: CONDITION_SUCCEEDED, status: 'False', reason: 'CoordinatorFailed', message }
        : { type: CONDITION_SUCCEEDED, status: 'Unknown', reason: 'InProgress', message },
    o.now,
    generation,
  );
  status.phase = phase;
  status.conditions = conditions;
  status.message = message;
  if (generation !== undefined) status.observedGeneration = generation;
  if (!status.startTime) status.startTime = o.now;
  if (!live && !status.completionTime) status.completionTime = o.now;

  return {
    actions,
    ...(statusChanged(before, status) ? { status } : {}),
    ...(live ? { requeueAfterMs: RUNNING_REQUEUE_MS } : {}),
  };
}

/**
 * Deletion: stop the workers first (delete the Jobs/Workflow explicitly rather than wait for the garbage
 * collector), wait out the pods' termination grace period so that no terminating pod writes into Redis after
 * the cleanup, then remove the run's Redis keys, then let the object go.
 */
function planDeletion(o: Observed, hasFinalizer: boolean): Plan {
  if (!hasFinalizer) return { actions: [] };
  const actions: Action[] = [];
  if (o.evaluator) actions.push({ kind: 'delete-job', name: o.evaluator.name });
  if (o.workflow) actions.push({ kind: 'delete-workflow', name: o.workflow.name });
  if (o.coordinator) actions.push({ kind: 'delete-job', name: o.coordinator.name });
  const graceMs = (o.settings.cleanupGraceSeconds ?? 30) * 1000;
  const deletedAt = Date.parse(o.run.metadata.deletionTimestamp ?? o.now);
  const waitMs = deletedAt + graceMs - Date.parse(o.now);
  if (actions.length > 0 || waitMs > 0) {
    if (actions.length > 0) {
      actions.push({ kind: 'event', type: 'Normal', reason: 'Stopping', message: "deleted the run's Jobs" });
    }
    return { actions, requeueAfterMs: Math.max(waitMs, 250) };
  }
  const prefix = redisPrefixOf(o.run);
  actions.push({ kind: 'cleanup-redis', prefix });
  actions.push({
    kind: 'event',
    type: 'Normal',
    reason: 'Cleanup',
    message: `removed Redis keys ${prefix}:*`,
  });
  actions.push({ kind: 'remove-finalizer' });
  return { actions };
}

/** Deep equality of two statuses (JSON-shaped data), so an unchanged status is not written. */
export function statusChanged(a: EvolutionRunStatus, b: EvolutionRunStatus): boolean {
  return canonical(a) !== canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)),
        )
      : v,
  );
}
