/**
 * One reconcile of one EvolutionRun: read the current state (the object, its Jobs or Workflow, Redis), ask
 * core/operator for the plan, perform it. Writes use optimistic concurrency: finalizer and status patches
 * carry the resourceVersion that was read, so a concurrent writer makes the patch fail with 409 and the key is
 * retried with a fresh read. Creates use derived names, so a create that finds the object is a no-op.
 */
import {
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type V1Job,
} from '@kubernetes/client-node';
import type { Redis } from 'ioredis';
import { evaluatorName, parseKey, RUN_LABEL, redisPrefixOf } from '../core/operator/names.ts';
import { planReconcile } from '../core/operator/plan.ts';
import {
  type Action,
  type EvolutionRun,
  FIELD_MANAGER,
  FINALIZER,
  GROUP,
  type ObservedJob,
  type ObservedWorkflow,
  type OperatorSettings,
  PLURAL,
  type Plan,
  VERSION,
} from '../core/operator/types.ts';
import { readQueueDepth } from '../evaluator/queue/queue-depth.ts';
import { httpStatus } from './kube-errors.ts';
import type { OperatorMetrics } from './metrics.ts';
import { readProgress, removeRunKeys } from './redis-state.ts';

export type Logger = {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
};

export type ReconcilerDeps = {
  kubeConfig: KubeConfig;
  redis: Redis;
  settings: OperatorSettings;
  metrics: OperatorMetrics;
  logger: Logger;
  /** Identity written as the Events' reporting instance. */
  id: string;
  now?: () => Date;
};

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export type Reconciler = { reconcile(key: string): Promise<{ requeueAfterMs?: number } | undefined> };

export function createReconciler(deps: ReconcilerDeps): Reconciler {
  const custom = deps.kubeConfig.makeApiClient(CustomObjectsApi);
  const batch = deps.kubeConfig.makeApiClient(BatchV1Api);
  const core = deps.kubeConfig.makeApiClient(CoreV1Api);
  const objects = KubernetesObjectApi.makeApiClient(deps.kubeConfig);
  const now = deps.now ?? (() => new Date());

  async function readRun(namespace: string, name: string): Promise<EvolutionRun | undefined> {
    try {
      return (await custom.getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace,
        plural: PLURAL,
        name,
      })) as EvolutionRun;
    } catch (err) {
      if (httpStatus(err) === 404) return undefined;
      throw err;
    }
  }

  async function readJobs(run: EvolutionRun): Promise<V1Job[]> {
    const list = await batch.listNamespacedJob({
      namespace: run.metadata.namespace,
      labelSelector: `${RUN_LABEL}`,
    });
    // Owned by this very object (a re-created run of the same name has another uid).
    return list.items.filter((j) =>
      (j.metadata?.ownerReferences ?? []).some(
        (r) => r.uid === run.metadata.uid && r.kind === 'EvolutionRun',
      ),
    );
  }

  async function readWorkflow(run: EvolutionRun): Promise<ObservedWorkflow | undefined> {
    try {
      const wf = (await custom.getNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: run.metadata.namespace,
        plural: 'workflows',
        name: evaluatorName(run),
      })) as { metadata: { name: string }; status?: { phase?: string } };
      return { name: wf.metadata.name, ...(wf.status?.phase ? { phase: wf.status.phase } : {}) };
    } catch (err) {
      if (httpStatus(err) === 404) return undefined;
      throw err;
    }
  }

  async function event(run: EvolutionRun, a: Extract<Action, { kind: 'event' }>): Promise<void> {
    const t = now();
    try {
      await core.createNamespacedEvent({
        namespace: run.metadata.namespace,
        body: {
          metadata: { generateName: `${run.metadata.name}.`, namespace: run.metadata.namespace },
          involvedObject: {
            apiVersion: run.apiVersion,
            kind: run.kind,
            name: run.metadata.name,
            namespace: run.metadata.namespace,
            uid: run.metadata.uid,
            ...(run.metadata.resourceVersion ? { resourceVersion: run.metadata.resourceVersion } : {}),
          },
          type: a.type,
          reason: a.reason,
          message: a.message,
          firstTimestamp: t,
          lastTimestamp: t,
          count: 1,
          source: { component: FIELD_MANAGER },
          reportingComponent: `${GROUP}/operator`,
          reportingInstance: deps.id,
        },
      });
    } catch (err) {
      // An event is a notice, not state: a failure to record one is logged and does not fail the reconcile.
      deps.logger.warn('event not recorded', { reason: a.reason, status: httpStatus(err) });
    }
  }

  async function apply(run: EvolutionRun, plan: Plan): Promise<void> {
    const ns = run.metadata.namespace;
    let resourceVersion = run.metadata.resourceVersion;
    for (const a of plan.actions) {
      deps.metrics.actions.inc({ kind: a.kind });
      switch (a.kind) {
        case 'add-finalizer':
        case 'remove-finalizer': {
          const current = run.metadata.finalizers ?? [];
          const finalizers =
            a.kind === 'add-finalizer' ? [...current, FINALIZER] : current.filter((f) => f !== FINALIZER);
          const patched = (await custom.patchNamespacedCustomObject(
            {
              group: GROUP,
              version: VERSION,
              namespace: ns,
              plural: PLURAL,
              name: run.metadata.name,
              body: { metadata: { finalizers, resourceVersion } },
              fieldManager: FIELD_MANAGER,
            },
            mergePatch,
          )) as EvolutionRun;
          resourceVersion = patched.metadata.resourceVersion;
          break;
        }
        case 'create':
          try {
            await objects.create(a.object as KubernetesObject, undefined, undefined, FIELD_MANAGER);
            deps.logger.info('created', { kind: a.object.kind, name: a.object.metadata.name, namespace: ns });
          } catch (err) {
            if (httpStatus(err) !== 409) throw err; // 409: it exists already (derived name), nothing to do
          }
          break;
        case 'scale-job':
          await batch.patchNamespacedJob(
            {
              name: a.name,
              namespace: ns,
              body: { spec: { parallelism: a.parallelism } },
              fieldManager: FIELD_MANAGER,
            },
            mergePatch,
          );
          break;
        case 'delete-job':
          try {
            await batch.deleteNamespacedJob({ name: a.name, namespace: ns, propagationPolicy: 'Background' });
          } catch (err) {
            if (httpStatus(err) !== 404) throw err;
          }
          break;
        case 'delete-workflow':
          try {
            await custom.deleteNamespacedCustomObject({
              group: 'argoproj.io',
              version: 'v1alpha1',
              namespace: ns,
              plural: 'workflows',
              name: a.name,
              propagationPolicy: 'Background',
            });
          } catch (err) {
            if (httpStatus(err) !== 404) throw err;
          }
          break;
        case 'cleanup-redis': {
          const removed = await removeRunKeys(deps.redis, a.prefix);
          deps.logger.info('removed Redis keys', { prefix: a.prefix, removed });
          break;
        }
        case 'event':
          await event(run, a);
          break;
      }
    }
    if (plan.status) {
      await custom.patchNamespacedCustomObjectStatus(
        {
          group: GROUP,
          version: VERSION,
          namespace: ns,
          plural: PLURAL,
          name: run.metadata.name,
          body: { metadata: { resourceVersion }, status: plan.status },
          fieldManager: FIELD_MANAGER,
        },
        mergePatch,
      );
    }
  }

  return {
    async reconcile(key) {
      const { namespace, name } = parseKey(key);
      const run = await readRun(namespace, name);
      if (!run) return undefined; // gone: nothing left to do (the finalizer already ran)
      const prefix = redisPrefixOf(run);
      const deleting = Boolean(run.metadata.deletionTimestamp);
      const [jobs, workflow, redisState] = await Promise.all([
        readJobs(run),
        run.spec.executor === 'argo-workflow' ? readWorkflow(run) : undefined,
        deleting ? undefined : readRedis(prefix),
      ]);
      const byComponent = (c: string) =>
        jobs.find((j) => j.metadata?.labels?.['app.kubernetes.io/component'] === c);
      const plan = planReconcile({
        run,
        ...optional('coordinator', observeJob(byComponent('coordinator'))),
        ...optional('evaluator', observeJob(byComponent('evaluator'))),
        ...optional('workflow', workflow),
        ...optional('queueDepth', redisState?.depth),
        ...optional('progress', redisState?.progress),
        now: now().toISOString(),
        settings: deps.settings,
      });
      await apply(run, plan);
      return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
    },
  };

  async function readRedis(
    prefix: string,
  ): Promise<{ depth?: number; progress?: Awaited<ReturnType<typeof readProgress>> }> {
    try {
      const [depth, progress] = await Promise.all([
        readQueueDepth(deps.redis, prefix),
        readProgress(deps.redis, prefix),
      ]);
      return { depth, progress };
    } catch (err) {
      // Redis down: keep the Jobs as they are (no scaling on a guess); the Jobs' own status still counts.
      deps.logger.warn('Redis unreachable', { prefix, error: String(err) });
      return {};
    }
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function observeJob(job: V1Job | undefined): ObservedJob | undefined {
  if (!job?.metadata?.name) return undefined;
  const conditions = job.status?.conditions ?? [];
  const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
  return {
    name: job.metadata.name,
    ...optional('parallelism', job.spec?.parallelism),
    ...optional('active', job.status?.active),
    ...optional('succeeded', job.status?.succeeded),
    ...optional('failed', job.status?.failed),
    complete: conditions.some((c) => c.type === 'Complete' && c.status === 'True'),
    failedCondition: Boolean(failed),
    ...optional('message', failed?.message ?? failed?.reason),
  };
}
