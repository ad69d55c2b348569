import { startMetricsServer } from '../../adapters/http/metrics-server.ts';
import { UsageError } from '../../core/errors.ts';
import { redactUrl } from '../../core/redact-url.ts';
import { createLogger } from '../../evaluator/observability/logger.ts';
import {
  describeResultsLocation,
  openResultsStoreAt,
  schemeOf,
} from '../../evaluator/store/results-store-factory.ts';
import { startWorker } from '../../evaluator/worker/worker.ts';
import type { CliContext } from '../context.ts';
import { parseWorkerFlags, type WorkerFlags } from '../shared/worker-flags.ts';

/**
 * The worker's own results store, for writing evaluations directly: PostgreSQL only (a DuckDB file has one
 * writing process, the coordinator).
 */
function workerResultsStore(url: string | undefined, cwd: string) {
  if (!url) return undefined;
  const scheme = schemeOf(url);
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    throw new UsageError(
      `--results-url for a worker must be a PostgreSQL URL, got "${describeResultsLocation(url)}"`,
      {
        hint: 'a DuckDB file has one writing process: with DuckDB the coordinator writes every evaluation',
      },
    );
  }
  return {
    store: openResultsStoreAt(url, { repoRoot: cwd, mode: 'write' }),
    description: describeResultsLocation(url),
  };
}

/** `evohub worker`: runs until `signal` aborts (SIGTERM/SIGINT), then finishes the jobs in flight. */
export async function runWorkerCommand(
  ctx: CliContext,
  flags: WorkerFlags & { resultsUrl?: string },
  signal: AbortSignal,
): Promise<void> {
  const o = parseWorkerFlags(flags);
  // EVOHUB_RESULTS_URL may name a DuckDB file for other commands: only a PostgreSQL one is taken from it.
  const fromEnv = ctx.env.EVOHUB_RESULTS_URL;
  const pgEnv = fromEnv && /^postgres(ql)?:/i.test(fromEnv) ? fromEnv : undefined;
  const results = workerResultsStore(flags.resultsUrl ?? pgEnv, ctx.cwd);
  const logger = createLogger(ctx.stderr, { role: 'worker', pid: process.pid }, o.level);
  logger.info({ redis: redactUrl(o.redisUrl), results: results?.description }, 'connecting');
  const worker = await startWorker({
    redisUrl: o.redisUrl,
    prefix: o.prefix,
    concurrency: o.concurrency,
    ...(o.metricsPort !== undefined
      ? {
          serveMetrics: (registry, health) =>
            startMetricsServer(o.metricsPort as number, registry, { '/healthz': health }),
        }
      : {}),
    callsInFlight: o.callsInFlight,
    lockDurationMs: o.lockDurationMs,
    env: ctx.env,
    baseDir: ctx.cwd,
    logger,
    ...(results ? { results } : {}),
  });
  if (o.metricsPort !== undefined) {
    ctx.stdout.write(`${JSON.stringify({ worker: worker.id, metricsPort: worker.metricsPort })}\n`);
  }
  if (!signal.aborted)
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
  await worker.close();
}
