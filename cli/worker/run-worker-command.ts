import { redactUrl } from '../../core/redact-url.ts';
import { createLogger } from '../../evaluator/observability/logger.ts';
import { startWorker } from '../../evaluator/worker/worker.ts';
import type { CliContext } from '../context.ts';
import { parseWorkerFlags, type WorkerFlags } from '../shared/worker-flags.ts';

/** `evohub worker`: runs until `signal` aborts (SIGTERM/SIGINT), then finishes the jobs in flight. */
export async function runWorkerCommand(
  ctx: CliContext,
  flags: WorkerFlags,
  signal: AbortSignal,
): Promise<void> {
  const o = parseWorkerFlags(flags);
  const logger = createLogger(ctx.stderr, { role: 'worker', pid: process.pid }, o.level);
  logger.info({ redis: redactUrl(o.redisUrl) }, 'connecting');
  const worker = await startWorker({
    redisUrl: o.redisUrl,
    prefix: o.prefix,
    concurrency: o.concurrency,
    callsInFlight: o.callsInFlight,
    metricsPort: o.metricsPort,
    lockDurationMs: o.lockDurationMs,
    env: ctx.env,
    baseDir: ctx.cwd,
    logger,
  });
  if (o.metricsPort !== undefined) {
    ctx.stdout.write(`${JSON.stringify({ worker: worker.id, metricsPort: worker.metricsPort })}\n`);
  }
  if (!signal.aborted)
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
  await worker.close();
}
