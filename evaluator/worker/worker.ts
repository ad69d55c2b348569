import { hostname } from 'node:os';
import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Registry } from 'prom-client';
import { createEventBus } from '../../core/event-bus.ts';
import type { ProgressListener, WorkerEvent } from '../../core/events.ts';
import type { Budget } from '../../core/ports/budget.ts';
import type { ResultsStore } from '../../core/ports/results-store.ts';
import { redactUrl } from '../../core/redact-url.ts';
import { ledgerKeyOf, redisPaidLedger } from '../ledger/redis-paid-ledger.ts';
import type { RateLimiter } from '../limits/rate-limiter.ts';
import { Semaphore } from '../limits/semaphore.ts';
import type { Logger } from '../observability/logger.ts';
import { createMetrics, type EvohubMetrics } from '../observability/metrics.ts';
import { workerLogListener, workerMetricsListener } from '../observability/worker-events.ts';
import type { Provider, ProviderConfig } from '../providers/provider.ts';
import { ProviderError } from '../providers/provider-error.ts';
import {
  EVALUATION_QUEUE,
  type EvaluationJobResult,
  type EvaluationJobSpec,
  JOB_PROTOCOL_VERSION,
  withPlanSeq,
} from '../queue/job.ts';
import { openRedis } from '../redis/connection.ts';
import { createRedisOutage } from '../redis/outage.ts';
import { RedisBudget } from '../redis/redis-budget.ts';
import { RedisRateLimiter } from '../redis/redis-rate-limiter.ts';
import { sharedResponseCache } from '../redis/redis-response-cache.ts';
import type { BuiltScorer } from '../scorers/scorer.ts';
import { DEFAULT_WORKER_CALLS_IN_FLIGHT } from './call-slots.ts';
import { evaluateJob, type JobOutcome, type JobServices } from './evaluate-job.ts';

export type WorkerOptions = {
  redisUrl: string;
  /** Key prefix of the queue, cache, limits and budgets (`evohub`). */
  prefix: string;
  /** Jobs processed at once by this process. */
  concurrency: number;
  /**
   * Serves /metrics and /healthz (the CLI wires adapters/http/metrics-server.ts; absent = no server): given the
   * registry and the health check, resolves with the bound port.
   */
  serveMetrics?: (registry: Registry, health: () => WorkerHealth) => Promise<MetricsEndpoint>;
  /** Model calls in flight at once across this process's jobs (default DEFAULT_WORKER_CALLS_IN_FLIGHT). */
  callsInFlight?: number;
  env: Readonly<Record<string, string | undefined>>;
  baseDir: string;
  logger: Logger;
  /** A job whose worker stops renewing its lock for this long is handed to another worker (default 30 s). */
  lockDurationMs?: number;
  /** How often this worker looks for such stalled jobs (default: lockDurationMs / 2). */
  stalledIntervalMs?: number;
  workerId?: string;
  /** Another consumer of the worker's events (core/events.ts), besides its metrics and log. */
  onEvent?: ProgressListener<WorkerEvent>;
  /**
   * This worker's PostgreSQL results store: jobs whose coordinator uses the same store (`spec.results` equals
   * `description`) have their evaluations written here by the worker, before the job completes.
   */
  results?: { store: ResultsStore; description: string };
};

export type WorkerHealth = { ok: boolean; detail: Record<string, unknown> };
export type MetricsEndpoint = { port: number; close(): Promise<void> };

export type RunningWorker = {
  id: string;
  metrics: EvohubMetrics;
  /** The bound metrics port, when a server was asked for. */
  metricsPort?: number;
  /** Stops taking jobs, lets the jobs in flight finish, then disconnects. */
  close(): Promise<void>;
};

/**
 * Writes a job's records to the worker's results store when the coordinator uses the same one; true when written.
 * A failed write fails the job: it is retried (its answered calls are cache hits), never lost.
 */
async function storeRecords(
  results: WorkerOptions['results'],
  spec: EvaluationJobSpec,
  records: EvaluationJobResult['records'],
): Promise<boolean> {
  if (!results || spec.results !== results.description || records.length === 0) return false;
  await results.store.appendEvaluations(withPlanSeq(spec, records));
  await results.store.flush();
  return true;
}

/**
 * Starts a worker process's BullMQ consumer: evaluates jobs with the shared cache, rate limits and budget in
 * Redis. Redis restarts are ridden out (ioredis reconnects, commands wait); a job whose worker died is moved
 * back to the queue by another worker's stalled-job check after `lockDurationMs`, and its already answered
 * calls are cache hits the second time.
 */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const id = opts.workerId ?? `${hostname()}-${process.pid}`;
  const log = opts.logger.child({ worker: id });
  // One line when Redis goes away and one when it is back, for all of this worker's connections.
  const outage = createRedisOutage(redactUrl(opts.redisUrl), (e) => log.warn(e.message));
  const commands = openRedis(opts.redisUrl, outage);
  const queueConnection = openRedis(opts.redisUrl, outage);
  const workerConnection = openRedis(opts.redisUrl, outage);
  const queue = new Queue(EVALUATION_QUEUE, { connection: queueConnection, prefix: opts.prefix });
  const metrics = createMetrics('worker', () =>
    queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
  );
  const limiters = new Map<string, RateLimiter | undefined>();
  const budgets = new Map<string, Budget>();
  const services: JobServices = {
    workerId: id,
    env: opts.env,
    baseDir: opts.baseDir,
    cache: sharedResponseCache(commands, opts.prefix),
    providers: new Map<string, Provider>(),
    scorers: new Map<string, BuiltScorer[]>(),
    callSlots: new Semaphore(opts.callsInFlight ?? DEFAULT_WORKER_CALLS_IN_FLIGHT),
    rateLimiterFor(providerId: string, config: ProviderConfig) {
      if (!limiters.has(providerId)) {
        const rpm = typeof config.requestsPerMinute === 'number' ? config.requestsPerMinute : undefined;
        const tpm = typeof config.tokensPerMinute === 'number' ? config.tokensPerMinute : undefined;
        limiters.set(
          providerId,
          rpm || tpm
            ? new RedisRateLimiter({
                redis: commands,
                prefix: opts.prefix,
                providerId,
                requestsPerMinute: rpm,
                tokensPerMinute: tpm,
              })
            : undefined,
        );
      }
      return limiters.get(providerId);
    },
    ledgerFor: (runId) => redisPaidLedger(commands, ledgerKeyOf(opts.prefix, runId)),
    budgetFor(b) {
      let budget = budgets.get(b.id);
      if (!budget) {
        budget = new RedisBudget({ redis: commands, prefix: opts.prefix, budgetId: b.id, limits: b.limits });
        budgets.set(b.id, budget);
      }
      return budget;
    },
  };

  // The worker's progress events: its metrics and its JSON log lines are consumers of the same stream.
  const events = createEventBus<WorkerEvent>(
    (error, event) => log.error({ err: String(error), event: event.type }, 'event consumer failed'),
    [workerMetricsListener(metrics), workerLogListener(log), opts.onEvent],
  );
  const processJob = async (
    job: Job<EvaluationJobSpec, EvaluationJobResult>,
  ): Promise<EvaluationJobResult> => {
    const spec = job.data;
    const about = { runId: spec.runId, jobId: String(job.id), workerId: id, attempt: job.attemptsMade + 1 };
    if (spec.v !== JOB_PROTOCOL_VERSION) {
      throw new UnrecoverableError(`job protocol v${spec.v}; this worker speaks v${JOB_PROTOCOL_VERSION}`);
    }
    const started = performance.now();
    events.emit({ type: 'job-started', ...about, cases: spec.cases.length, provider: spec.providerRef });
    try {
      const outcome = await evaluateJob(spec, services);
      const stored = await storeRecords(opts.results, spec, outcome.records);
      events.emit({
        type: 'job-finished',
        ...about,
        status: 'completed',
        ms: Math.round(performance.now() - started),
        ...jobFigures(outcome),
        ...(outcome.stopped ? { stopped: outcome.stopped.reason } : {}),
        stored,
      });
      const { counters: _c, ...result } = outcome;
      return stored ? { ...result, stored } : result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      events.emit({
        type: 'job-finished',
        ...about,
        status: 'failed',
        ms: Math.round(performance.now() - started),
        ...jobFigures(undefined),
        error: message,
      });
      // A rejected request fails the same way on every worker: do not retry it.
      if (error instanceof ProviderError && error.kind === 'client') throw new UnrecoverableError(message);
      throw error;
    }
  };

  const lockDuration = opts.lockDurationMs ?? 30_000;
  const worker = new Worker<EvaluationJobSpec, EvaluationJobResult>(EVALUATION_QUEUE, processJob, {
    connection: workerConnection,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    lockDuration,
    stalledInterval: opts.stalledIntervalMs ?? Math.max(500, Math.floor(lockDuration / 2)),
    // A job may outlive several dead workers before it is failed for good.
    maxStalledCount: 5,
    autorun: false,
  });
  outage.watchErrors(worker);
  outage.watchErrors(queue);
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'stalled job moved back to the queue'));
  const server = await opts.serveMetrics?.(metrics.registry, () => ({
    ok: commands.status === 'ready' && worker.isRunning(),
    detail: { worker: id, redis: commands.status, running: worker.isRunning() },
  }));
  // The worker loop ends only on close or a fatal error: logged; the process exits through its signal handler.
  void worker.run().catch((error: unknown) => log.error({ err: String(error) }, 'worker loop ended'));
  await worker.waitUntilReady();
  log.info(
    {
      concurrency: opts.concurrency,
      callsInFlight: opts.callsInFlight ?? DEFAULT_WORKER_CALLS_IN_FLIGHT,
      prefix: opts.prefix,
      metricsPort: server?.port,
    },
    'worker ready',
  );

  let closing: Promise<void> | undefined;
  return {
    id,
    metrics,
    metricsPort: server?.port,
    close() {
      closing ??= (async () => {
        log.info('closing: finishing jobs in flight');
        await worker.close();
        await queue.close();
        await server?.close();
        await opts.results?.store.close();
        for (const c of [commands, queueConnection, workerConnection]) c.disconnect();
        log.info('closed');
      })();
      return closing;
    },
  };
}

/** The figures of a job's outcome its `job-finished` event carries (zeros when it failed). */
function jobFigures(outcome: JobOutcome | undefined) {
  let errors = 0;
  let costUsd = 0;
  const latenciesMs: number[] = [];
  for (const r of outcome?.records ?? []) {
    if (r.error) {
      errors++;
      continue;
    }
    if (!r.cached) {
      latenciesMs.push(r.latencyMs);
      costUsd += r.costUsd ?? 0;
    }
  }
  return {
    evaluations: outcome?.records.length ?? 0,
    errors,
    cacheHits: outcome?.counters.cacheHits ?? 0,
    providerRequests: outcome?.counters.providerRequests ?? 0,
    retries: outcome?.counters.retries ?? 0,
    costUsd,
    latenciesMs,
  };
}
