import { UsageError } from '../../core/errors.ts';
import { redactUrl } from '../../core/redact-url.ts';
import { createLogger } from '../../evaluator/observability/logger.ts';
import { DEFAULT_PREFIX } from '../../evaluator/redis/connection.ts';
import { startWorker } from '../../evaluator/worker/worker.ts';
import type { CliContext } from '../context.ts';
import { intFlag } from '../shared/flags.ts';

const LEVELS = ['debug', 'info', 'warn', 'error'];

export type WorkerFlags = {
  redis?: string;
  concurrency?: string;
  queuePrefix?: string;
  metricsPort?: string;
  lockMs?: string;
  logLevel?: string;
};

/** Validates the flags into worker options (usage errors name the flag). */
export function parseWorkerFlags(flags: WorkerFlags) {
  const redisUrl = flags.redis ?? '';
  if (!/^rediss?:\/\//.test(redisUrl)) {
    throw new UsageError(`--redis must be a redis:// or rediss:// URL, got "${redactUrl(redisUrl)}"`);
  }
  const prefix = flags.queuePrefix ?? DEFAULT_PREFIX;
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) {
    throw new UsageError(`--queue-prefix may hold letters, digits, "_", "." and "-" only, got "${prefix}"`);
  }
  const level = flags.logLevel ?? 'info';
  if (!LEVELS.includes(level)) throw new UsageError(`--log-level must be one of ${LEVELS.join(', ')}`);
  return {
    redisUrl,
    prefix,
    concurrency: intFlag(flags.concurrency, '--concurrency', 1) ?? 4,
    metricsPort: intFlag(flags.metricsPort, '--metrics-port', 0),
    lockDurationMs: intFlag(flags.lockMs, '--lock-ms', 500),
    level,
  };
}

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
