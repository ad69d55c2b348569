import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one process (coordinator or worker), in their own registry (no global state). */
export type EvohubMetrics = {
  registry: Registry;
  evaluations: Counter<'role' | 'status'>;
  latency: Histogram<'role'>;
  cacheHits: Counter<'role'>;
  providerRequests: Counter<'role'>;
  retries: Counter<'role'>;
  jobs: Counter<'role' | 'status'>;
  costUsd: Counter<'role'>;
  queueDepth: Gauge<'state'>;
};

/**
 * `readQueueDepth` is called on every scrape (waiting, active, delayed, failed counts); the queue depth is what
 * the operator scales workers on.
 */
export function createMetrics(
  role: 'worker' | 'coordinator',
  readQueueDepth?: () => Promise<Record<string, number>>,
): EvohubMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  const m: EvohubMetrics = {
    registry,
    evaluations: new Counter({
      name: 'evohub_evaluations_total',
      help: 'Evaluations finished, by status (ok, error)',
      labelNames: ['role', 'status'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'evohub_evaluation_latency_seconds',
      help: 'Model call latency of each evaluation as the provider reported it',
      labelNames: ['role'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers: [registry],
    }),
    cacheHits: new Counter({
      name: 'evohub_cache_hits_total',
      help: 'Model calls answered from the shared response cache',
      labelNames: ['role'],
      registers: [registry],
    }),
    providerRequests: new Counter({
      name: 'evohub_provider_requests_total',
      help: 'Requests sent to providers (first attempts and retries)',
      labelNames: ['role'],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'evohub_retries_total',
      help: 'Provider calls retried after a retryable error',
      labelNames: ['role'],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'evohub_jobs_total',
      help: 'Queue jobs finished, by status (completed, failed)',
      labelNames: ['role', 'status'],
      registers: [registry],
    }),
    costUsd: new Counter({
      name: 'evohub_cost_usd_total',
      help: 'USD spent on provider calls (cache hits cost nothing)',
      labelNames: ['role'],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'evohub_queue_depth',
      help: 'Jobs in the evaluation queue, by state',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        if (!readQueueDepth) return;
        try {
          const counts = await readQueueDepth();
          for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
        } catch {
          // Redis unreachable during a scrape: keep the last values rather than failing /metrics.
        }
      },
    }),
  };
  return m;
}
