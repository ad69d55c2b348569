import { type MetricsServer, startMetricsServer } from '../../adapters/http/metrics-server.ts';
import { UsageError } from '../../core/errors.ts';
import type { PaidLedger } from '../../core/evolve/paid-ledger.ts';
import type { Budget, BudgetLimits } from '../../core/ports/budget.ts';
import { createLogger } from '../../evaluator/observability/logger.ts';
import { createMetrics } from '../../evaluator/observability/metrics.ts';
import type { ProviderConfig } from '../../evaluator/providers/provider.ts';
import { distributedRunEvaluation } from '../../evaluator/queue/distributed-run-evaluation.ts';
import { openQueueEvaluator } from '../../evaluator/queue/queue-evaluator.ts';
import type { RunEvaluationOptions, RunEvaluationResult } from '../../evaluator/run-evaluation.ts';
import type { CliContext } from '../context.ts';
import { intFlag } from '../shared/flags.ts';
import { parseWorkerFlags } from '../shared/worker-flags.ts';

/** The flags a command adds to become a coordinator (`evohub evolve --distributed --redis <url>`). */
export type CoordinatorFlags = {
  distributed?: boolean;
  redis?: string;
  queuePrefix?: string;
  metricsPort?: string;
  batchSize?: string;
};

export type Coordinator = {
  /** A drop-in for `runEvaluation` that evaluates on the workers, drawing on `budget` (see distributedRunEvaluation). */
  evaluate: (opts: RunEvaluationOptions, budget?: Budget) => Promise<RunEvaluationResult>;
  metricsPort?: number;
  /** The run's paid-call ledger in Redis, which the workers record in too. */
  ledger: PaidLedger;
  close(): Promise<void>;
};

/**
 * Opens the queue when `--distributed` is given (undefined otherwise), with the coordinator's metrics server
 * when `--metrics-port` is. `runId` names the shared budget, so every worker of the run reserves from it.
 */
export async function openCoordinator(
  ctx: CliContext,
  flags: CoordinatorFlags,
  run: {
    runId: string;
    providers?: Record<string, ProviderConfig>;
    judgeModel?: string;
    budget?: BudgetLimits;
    /** The run's PostgreSQL results store (URL without password), which workers using it write to directly. */
    results?: string;
  },
): Promise<Coordinator | undefined> {
  if (!flags.distributed) {
    if (flags.redis || flags.queuePrefix)
      throw new UsageError('--redis and --queue-prefix need --distributed');
    return undefined;
  }
  if (!flags.redis)
    throw new UsageError('--distributed needs --redis <url>', {
      hint: 'e.g. --redis redis://127.0.0.1:6379',
    });
  const o = parseWorkerFlags({
    redis: flags.redis,
    queuePrefix: flags.queuePrefix,
    metricsPort: flags.metricsPort,
  });
  const batchSize = intFlag(flags.batchSize, '--batch-size', 1);
  const logger = createLogger(ctx.stderr, { role: 'coordinator', runId: run.runId }, 'warn');
  let queueRef: Awaited<ReturnType<typeof openQueueEvaluator>> | undefined;
  const metrics = createMetrics('coordinator', async () =>
    queueRef ? queueRef.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed') : {},
  );
  const queue = await openQueueEvaluator({ redisUrl: o.redisUrl, prefix: o.prefix, logger, metrics });
  queueRef = queue;
  // The count only decides a hint; when Redis cannot say, assume a worker and say nothing.
  if ((await queue.queue.getWorkersCount().catch(() => 1)) === 0) {
    ctx.stderr.write(
      `no worker is connected yet: jobs wait on the queue until one starts (npx evohub worker --redis <url>${o.prefix === 'evohub' ? '' : ` --queue-prefix ${o.prefix}`})\n`,
    );
  }
  let server: MetricsServer | undefined;
  if (o.metricsPort !== undefined) {
    server = await startMetricsServer(o.metricsPort, metrics.registry, {
      '/healthz': () => ({ ok: true, detail: { role: 'coordinator', runId: run.runId } }),
    });
  }
  const budget =
    run.budget && (run.budget.maxEvaluations !== undefined || run.budget.maxUsd !== undefined)
      ? { id: run.runId, limits: run.budget }
      : undefined;
  return {
    evaluate: distributedRunEvaluation(queue, {
      providers: run.providers,
      judgeModel: run.judgeModel,
      budget,
      budgetPrefix: run.runId,
      batchSize,
      ledger: run.runId,
      ...(run.results ? { results: run.results } : {}),
    }),
    ledger: queue.ledger(run.runId),
    metricsPort: server?.port,
    async close() {
      await server?.close();
      await queue.close();
    },
  };
}
