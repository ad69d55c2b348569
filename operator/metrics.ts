/** Prometheus metrics of the operator (served with /healthz and /readyz by adapters/http/metrics-server.ts). */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { OperatorEvent, ProgressListener } from '../core/events.ts';

export type OperatorMetrics = ReturnType<typeof createOperatorMetrics>;

export function createOperatorMetrics() {
  const registry = new Registry();
  return {
    registry,
    reconciles: new Counter({
      name: 'evohub_operator_reconcile_total',
      help: 'Reconciles of EvolutionRuns by result (ok, error, conflict).',
      labelNames: ['result'],
      registers: [registry],
    }),
    reconcileSeconds: new Histogram({
      name: 'evohub_operator_reconcile_duration_seconds',
      help: 'Duration of one reconcile.',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    actions: new Counter({
      name: 'evohub_operator_actions_total',
      help: 'Actions applied by kind (create, scale-job, cleanup-redis, ...).',
      labelNames: ['kind'],
      registers: [registry],
    }),
    informerRestarts: new Counter({
      name: 'evohub_operator_informer_restarts_total',
      help: 'Informer restarts after a watch error.',
      labelNames: ['resource'],
      registers: [registry],
    }),
    leader: new Gauge({
      name: 'evohub_operator_leader',
      help: '1 while this replica holds the leader Lease.',
      registers: [registry],
    }),
    queueLength: new Gauge({
      name: 'evohub_operator_workqueue_length',
      help: 'Keys waiting in the work queue.',
      registers: [registry],
    }),
  };
}

/** The metrics as a consumer of the operator's events: reconcile results and durations, leadership. */
export function operatorMetricsListener(metrics: OperatorMetrics): ProgressListener<OperatorEvent> {
  return (e) => {
    if (e.type === 'leadership-changed') {
      metrics.leader.set(e.leader ? 1 : 0);
      return;
    }
    metrics.reconciles.inc({ result: e.result });
    if (e.seconds !== undefined) metrics.reconcileSeconds.observe(e.seconds);
  };
}
