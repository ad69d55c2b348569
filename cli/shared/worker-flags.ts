/** The Redis flags of `evohub worker`, and of evolve's `--distributed` coordinator, validated in one place. */
import { UsageError } from '../../core/errors.ts';
import { redactUrl } from '../../core/redact-url.ts';
import { DEFAULT_PREFIX } from '../../evaluator/redis/connection.ts';
import { DEFAULT_WORKER_CALLS_IN_FLIGHT, DEFAULT_WORKER_JOBS } from '../../evaluator/worker/call-slots.ts';
import { intFlag } from './flags.ts';

const LEVELS = ['debug', 'info', 'warn', 'error'];

export type WorkerFlags = {
  redis?: string;
  concurrency?: string;
  callsInFlight?: string;
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
    concurrency: intFlag(flags.concurrency, '--concurrency', 1) ?? DEFAULT_WORKER_JOBS,
    callsInFlight: intFlag(flags.callsInFlight, '--calls-in-flight', 1) ?? DEFAULT_WORKER_CALLS_IN_FLIGHT,
    metricsPort: intFlag(flags.metricsPort, '--metrics-port', 0),
    lockDurationMs: intFlag(flags.lockMs, '--lock-ms', 500),
    level,
  };
}
