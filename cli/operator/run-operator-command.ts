/** `evohub operator`: parses the flags, connects to the cluster and Redis, runs until the signal aborts. */
import { hostname } from 'node:os';
import { KubeConfig } from '@kubernetes/client-node';
import { UsageError } from '../../core/errors.ts';
import type { OperatorSettings } from '../../core/operator/types.ts';
import { redactUrl } from '../../core/redact-url.ts';
import { openRedis } from '../../evaluator/redis/connection.ts';
import { createRedisOutage } from '../../evaluator/redis/outage.ts';
import { startOperator } from '../../operator/operator.ts';
import type { Logger } from '../../operator/reconciler.ts';
import type { CliContext } from '../context.ts';

export type OperatorFlags = Record<string, string | boolean | undefined>;

function int(flags: OperatorFlags, name: string, fallback: number, min: number): number {
  const raw = flags[name];
  if (raw === undefined || typeof raw === 'boolean') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new UsageError(`${flag} must be an integer >= ${min}, got "${raw}"`, {
      hint: `e.g. ${flag} ${Math.max(min, 1)}`,
    });
  }
  return n;
}

/** The operator's configuration from flags and the environment (the chart sets the environment). */
export function operatorConfig(ctx: CliContext, flags: OperatorFlags) {
  const str = (name: string): string | undefined => {
    const v = flags[name];
    return typeof v === 'string' ? v : undefined;
  };
  const redisUrl = str('redis') ?? ctx.env.EVOHUB_REDIS_URL;
  if (!redisUrl) {
    throw new UsageError('--redis is required (or set EVOHUB_REDIS_URL)', {
      hint: 'npx evohub operator --redis redis://127.0.0.1:6379',
    });
  }
  const image = str('image') ?? ctx.env.EVOHUB_IMAGE ?? 'ghcr.io/evohub/evohub:0.1.0';
  const settings: OperatorSettings = {
    image,
    gitImage: str('gitImage') ?? ctx.env.EVOHUB_GIT_IMAGE ?? 'alpine/git:2.47.2',
    redisUrl,
    jobsPerWorker: int(flags, 'jobsPerWorker', 2, 1),
    workerConcurrency: int(flags, 'workerConcurrency', 4, 1),
    cleanupGraceSeconds: int(flags, 'cleanupGraceSeconds', 30, 0),
    ...((str('serviceAccount') ?? ctx.env.EVOHUB_JOB_SERVICE_ACCOUNT)
      ? { serviceAccountName: str('serviceAccount') ?? ctx.env.EVOHUB_JOB_SERVICE_ACCOUNT }
      : {}),
  };
  const namespace = str('namespace');
  return {
    settings,
    ...(namespace ? { namespace } : {}),
    kubeconfig: str('kubeconfig'),
    watchWorkflows: flags.argoWorkflows === true,
    metricsPort: int(flags, 'metricsPort', 8080, 0),
    leaderNamespace: str('leaderElectionNamespace') ?? ctx.env.POD_NAMESPACE ?? namespace ?? 'default',
    id: str('id') ?? ctx.env.POD_NAME ?? `${hostname()}-${process.pid}`,
  };
}

function jsonLogger(ctx: CliContext): Logger {
  const line =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      ctx.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
    };
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

export async function runOperatorCommand(
  ctx: CliContext,
  flags: OperatorFlags,
  signal: AbortSignal,
): Promise<void> {
  const config = operatorConfig(ctx, flags);
  const kubeConfig = new KubeConfig();
  if (config.kubeconfig) kubeConfig.loadFromFile(config.kubeconfig);
  else kubeConfig.loadFromDefault();
  const logger = jsonLogger(ctx);
  // One line when Redis goes away and one when it is back.
  const outage = createRedisOutage(redactUrl(config.settings.redisUrl), (e) => logger.warn(e.message));
  const redis = openRedis(config.settings.redisUrl, outage);
  const operator = await startOperator({
    kubeConfig,
    redis,
    settings: config.settings,
    ...(config.namespace ? { namespace: config.namespace } : {}),
    id: config.id,
    leaderElection: { namespace: config.leaderNamespace },
    metricsPort: config.metricsPort,
    watchWorkflows: config.watchWorkflows,
    logger,
  });
  logger.info('operator started', {
    id: config.id,
    namespace: config.namespace ?? '(all)',
    metricsPort: operator.metricsPort,
  });
  if (!signal.aborted)
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  await operator.stop();
  redis.disconnect();
  logger.info('operator stopped', { id: config.id });
}
