/** Prometheus metrics of the operator and its HTTP endpoints: /metrics, /healthz (alive), /readyz (synced). */
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

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

export type HealthState = { alive: () => boolean; ready: () => boolean };

/** Serves the endpoints on `port` (0 = any free port) on all interfaces; resolves with the bound port. */
export async function serveMetrics(
  metrics: OperatorMetrics,
  health: HealthState,
  port: number,
  host = '0.0.0.0',
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        },
        (err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        },
      );
      return;
    }
    const check = path === '/healthz' ? health.alive : path === '/readyz' ? health.ready : undefined;
    if (!check) {
      res.writeHead(404);
      res.end('not found\n');
      return;
    }
    const ok = check();
    res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' });
    res.end(ok ? 'ok\n' : 'not ready\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : port };
}
