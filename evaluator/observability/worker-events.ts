/**
 * Consumers of a queue worker's events (core/events.ts): its Prometheus metrics (metrics.ts) and its JSON log
 * lines. The worker emits; what is counted and logged is decided here, once.
 */
import type { ProgressListener, WorkerEvent } from '../../core/events.ts';
import type { Logger } from './logger.ts';
import type { EvohubMetrics } from './metrics.ts';

export function workerMetricsListener(metrics: EvohubMetrics): ProgressListener<WorkerEvent> {
  return (e) => {
    if (e.type !== 'job-finished') return;
    metrics.jobs.inc({ status: e.status });
    if (e.status === 'failed') return;
    for (const ms of e.latenciesMs) metrics.latency.observe(ms / 1000);
    metrics.evaluations.inc({ status: 'ok' }, e.evaluations - e.errors);
    metrics.evaluations.inc({ status: 'error' }, e.errors);
    metrics.cacheHits.inc(e.cacheHits);
    metrics.providerRequests.inc(e.providerRequests);
    metrics.retries.inc(e.retries);
    if (e.costUsd > 0) metrics.costUsd.inc(e.costUsd);
  };
}

/** The log lines of a job (`job started`, `job completed`, `job failed`), with its run, job and attempt. */
export function workerLogListener(log: Logger): ProgressListener<WorkerEvent> {
  return (e) => {
    const jlog = log.child({ runId: e.runId, jobId: e.jobId, attempt: e.attempt });
    if (e.type === 'job-started') jlog.info({ cases: e.cases, provider: e.provider }, 'job started');
    else if (e.status === 'failed') jlog.error({ err: e.error }, 'job failed');
    else
      jlog.info(
        {
          evaluations: e.evaluations,
          providerRequests: e.providerRequests,
          cacheHits: e.cacheHits,
          stopped: e.stopped,
          ...(e.stored ? { stored: true } : {}),
          ms: e.ms,
        },
        'job completed',
      );
  };
}
