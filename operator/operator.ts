/**
 * The evohub operator: leader election first; the leader runs informers on EvolutionRuns and on the Jobs (and
 * Workflows) it owns, feeding a per-key work queue whose handler is the reconciler. Losing the Lease stops the
 * informers and the queue, so a non-leader never reconciles. Metrics and health on an HTTP port.
 */
import type { Server } from 'node:http';
import {
  BatchV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { Redis } from 'ioredis';
import { startMetricsServer } from '../adapters/http/metrics-server.ts';
import { createEventBus } from '../core/event-bus.ts';
import type { OperatorEvent, ProgressListener } from '../core/events.ts';
import { keyOf, MANAGED_BY } from '../core/operator/names.ts';
import { GROUP, type OperatorSettings, PLURAL, VERSION } from '../core/operator/types.ts';
import { type ResilientInformer, startResilientInformer } from './informer.ts';
import { describeError, httpStatus } from './kube-errors.ts';
import { type LeaderElector, startLeaderElection } from './leader-election.ts';
import { createOperatorMetrics, type OperatorMetrics, operatorMetricsListener } from './metrics.ts';
import { operatorLogListener } from './operator-log.ts';
import { createReconciler, type Logger } from './reconciler.ts';
import { WorkQueue } from './work-queue.ts';

export type OperatorOptions = {
  kubeConfig: KubeConfig;
  redis: Redis;
  settings: OperatorSettings;
  /** Watch only this namespace (default: all namespaces). */
  namespace?: string;
  /** Identity of this replica (the Lease holder), e.g. the pod name. */
  id: string;
  leaderElection: { namespace: string; name?: string; leaseDurationSeconds?: number; retryPeriodMs?: number };
  /** Port of /metrics, /healthz, /readyz; undefined serves none, 0 picks a free port. */
  metricsPort?: number;
  metricsHost?: string;
  resyncMs?: number;
  /** Also watch Argo Workflows (runs with `executor: argo-workflow`); needs the Workflow CRD installed. */
  watchWorkflows?: boolean;
  logger: Logger;
  /** Another consumer of the operator's events (core/events.ts), besides its metrics and log. */
  onEvent?: ProgressListener<OperatorEvent>;
};

export type RunningOperator = {
  isLeader(): boolean;
  /** Port of the metrics server, when one was started. */
  metricsPort?: number;
  metrics: OperatorMetrics;
  /** Informer restarts after errors, per resource (tests check that a dropped watch recovered). */
  informerRestarts(): Record<string, number>;
  /** Stops; `releaseLease: false` leaves the Lease held until it expires (what a crash looks like to the others). */
  stop(options?: { releaseLease?: boolean }): Promise<void>;
};

type Owned = KubernetesObject & { metadata?: { ownerReferences?: { kind: string; name: string }[] } };

export async function startOperator(o: OperatorOptions): Promise<RunningOperator> {
  const metrics = createOperatorMetrics();
  const reconciler = createReconciler({
    kubeConfig: o.kubeConfig,
    redis: o.redis,
    settings: o.settings,
    metrics,
    logger: o.logger,
    id: o.id,
  });
  // The operator's events: its metrics and its leadership log lines are consumers of the same stream.
  const events = createEventBus<OperatorEvent>(
    (err, event) => o.logger.error('event consumer failed', { event: event.type, error: String(err) }),
    [operatorMetricsListener(metrics), operatorLogListener(o.logger), o.onEvent],
  );
  const custom = o.kubeConfig.makeApiClient(CustomObjectsApi);
  const batch = o.kubeConfig.makeApiClient(BatchV1Api);
  let queue: WorkQueue | undefined;
  let informers: { name: string; informer: ResilientInformer<KubernetesObject> }[] = [];
  const restarts: Record<string, number> = {};
  let synced = false;
  let transition: Promise<void> = Promise.resolve();

  const enqueueRun = (obj: KubernetesObject): void => {
    const m = obj.metadata;
    if (m?.name && m.namespace) queue?.add(keyOf(m.namespace, m.name));
  };
  const enqueueOwner = (obj: Owned): void => {
    const owner = obj.metadata?.ownerReferences?.find((r) => r.kind === 'EvolutionRun');
    if (owner && obj.metadata?.namespace) queue?.add(keyOf(obj.metadata.namespace, owner.name));
  };

  const ns = o.namespace;
  const runPath = ns
    ? `/apis/${GROUP}/${VERSION}/namespaces/${ns}/${PLURAL}`
    : `/apis/${GROUP}/${VERSION}/${PLURAL}`;
  const jobPath = ns ? `/apis/batch/v1/namespaces/${ns}/jobs` : '/apis/batch/v1/jobs';
  const managed = `app.kubernetes.io/managed-by=${MANAGED_BY}`;

  const startInformer = async (
    name: string,
    path: string,
    list: () => Promise<{ items: KubernetesObject[]; metadata?: { resourceVersion?: string } }>,
    onEvent: (obj: KubernetesObject) => void,
    labelSelector?: string,
  ): Promise<void> => {
    const informer = await startResilientInformer<KubernetesObject>({
      kubeConfig: o.kubeConfig,
      path,
      list: async () => {
        const l = await list();
        return { apiVersion: 'v1', kind: 'List', items: l.items, metadata: l.metadata ?? {} };
      },
      ...(labelSelector ? { labelSelector } : {}),
      onEvent: (_event, obj) => onEvent(obj),
      onError: (err, delay) => {
        restarts[name] = (restarts[name] ?? 0) + 1;
        metrics.informerRestarts.inc({ resource: name });
        o.logger.warn('watch failed; restarting informer', {
          resource: name,
          error: describeError(err),
          delay,
        });
      },
      ...(o.resyncMs !== undefined ? { resyncMs: o.resyncMs } : {}),
    });
    informers.push({ name, informer });
  };

  const startLeading = async (): Promise<void> => {
    events.emit({ type: 'leadership-changed', id: o.id, leader: true });
    queue = new WorkQueue({
      onError: (key, err, attempt) => {
        const conflict = httpStatus(err) === 409;
        o.logger[conflict ? 'info' : 'error']('reconcile failed; retrying', {
          key,
          attempt,
          error: describeError(err),
        });
      },
    });
    queue.start(async (key) => {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const result = await reconciler.reconcile(key);
        events.emit({ type: 'reconciled', key, result: 'ok', seconds: seconds() });
        return result;
      } catch (err) {
        const result = httpStatus(err) === 409 ? 'conflict' : 'error';
        events.emit({ type: 'reconciled', key, result, seconds: seconds(), error: describeError(err) });
        throw err;
      } finally {
        metrics.queueLength.set(queue?.length ?? 0);
      }
    });
    await startInformer(
      'evolutionruns',
      runPath,
      async () =>
        (ns
          ? await custom.listNamespacedCustomObject({
              group: GROUP,
              version: VERSION,
              namespace: ns,
              plural: PLURAL,
            })
          : await custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL })) as {
          items: KubernetesObject[];
        },
      enqueueRun,
    );
    await startInformer(
      'jobs',
      jobPath,
      async () =>
        ns
          ? await batch.listNamespacedJob({ namespace: ns, labelSelector: managed })
          : await batch.listJobForAllNamespaces({ labelSelector: managed }),
      (obj) => enqueueOwner(obj as Owned),
      managed,
    );
    if (o.watchWorkflows) {
      const group = { group: 'argoproj.io', version: 'v1alpha1', plural: 'workflows' };
      await startInformer(
        'workflows',
        ns ? `/apis/argoproj.io/v1alpha1/namespaces/${ns}/workflows` : '/apis/argoproj.io/v1alpha1/workflows',
        async () =>
          (ns
            ? await custom.listNamespacedCustomObject({ ...group, namespace: ns, labelSelector: managed })
            : await custom.listClusterCustomObject({ ...group, labelSelector: managed })) as {
            items: KubernetesObject[];
          },
        (obj) => enqueueOwner(obj as Owned),
        managed,
      );
    }
    await Promise.all(informers.map((i) => i.informer.synced));
    synced = true;
  };

  const stopLeading = async (): Promise<void> => {
    events.emit({ type: 'leadership-changed', id: o.id, leader: false });
    synced = false;
    const current = informers;
    informers = [];
    await Promise.all(current.map((i) => i.informer.stop()));
    const q = queue;
    queue = undefined;
    await q?.stop();
  };

  // Leadership changes are serialised: a stop never overtakes the start it follows.
  const elector: LeaderElector = startLeaderElection({
    kubeConfig: o.kubeConfig,
    namespace: o.leaderElection.namespace,
    name: o.leaderElection.name ?? 'evohub-operator',
    id: o.id,
    ...(o.leaderElection.leaseDurationSeconds !== undefined
      ? { leaseDurationSeconds: o.leaderElection.leaseDurationSeconds }
      : {}),
    ...(o.leaderElection.retryPeriodMs !== undefined
      ? { retryPeriodMs: o.leaderElection.retryPeriodMs }
      : {}),
    onStartedLeading: () => {
      // Logged; leadership is retried when the Lease is next acquired.
      transition = transition.then(startLeading).catch((err: unknown) => {
        o.logger.error('could not start leading', { error: describeError(err) });
      });
    },
    onStoppedLeading: () => {
      transition = transition.then(stopLeading);
    },
    onError: (err) => o.logger.warn('leader election', { error: describeError(err) }),
  });

  let server: Server | undefined;
  let metricsPort: number | undefined;
  if (o.metricsPort !== undefined) {
    const served = await startMetricsServer(
      o.metricsPort,
      metrics.registry,
      // Ready: a standby replica is ready to take over; the leader once its informers have listed.
      { '/healthz': () => ({ ok: true }), '/readyz': () => ({ ok: !elector.isLeader() || synced }) },
      o.metricsHost,
    );
    server = served.server;
    metricsPort = served.port;
  }

  return {
    isLeader: () => elector.isLeader(),
    ...(metricsPort !== undefined ? { metricsPort } : {}),
    metrics,
    informerRestarts: () => ({ ...restarts }),
    stop: async (options = {}) => {
      await elector.stop(options.releaseLease ?? true);
      await transition;
      if (informers.length > 0 || queue) await stopLeading();
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
    },
  };
}
