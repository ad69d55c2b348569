import { type Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { NotFoundError } from '../../core/errors.ts';
import type { PlannedCase } from '../../core/evaluation/plan.ts';
import type { PaidLedger } from '../../core/evolve/paid-ledger.ts';
import type { BudgetLimits } from '../../core/ports/budget.ts';
import type { EvaluationRecord } from '../../core/ports/results-store.ts';
import type { PromptFile } from '../../core/prompt/types.ts';
import { redactUrl } from '../../core/redact-url.ts';
import { ledgerKeyOf, redisPaidLedger } from '../ledger/redis-paid-ledger.ts';
import type { Logger } from '../observability/logger.ts';
import type { EvohubMetrics } from '../observability/metrics.ts';
import type { ProviderConfig } from '../providers/provider.ts';
import { keysOf, openRedis } from '../redis/connection.ts';
import { createRedisOutage } from '../redis/outage.ts';
import { RedisBudget } from '../redis/redis-budget.ts';
import {
  batchesOf,
  EVALUATION_QUEUE,
  type EvaluationJobResult,
  type EvaluationJobSpec,
  JOB_PROTOCOL_VERSION,
  jobIdOf,
  withPlanSeq,
} from './job.ts';

/** One evaluation to spread over the workers: a candidate prompt on planned cases. */
export type DistributedEvaluationRequest = {
  runId: string;
  prompt: { file: string; hash: string; data: PromptFile };
  providerRef: string;
  providers?: Record<string, ProviderConfig>;
  judgeModel?: string;
  plan: PlannedCase[];
  /** The shared budget (id and ceilings) every worker reserves from. */
  budget?: { id: string; limits: BudgetLimits };
  /** The run whose paid-call ledger the workers record their paid calls in. */
  ledger?: string;
  /** Cases per job (default 25). */
  batchSize?: number;
  /** Evaluations in flight at once within one job on a worker (default 16). */
  concurrency?: number;
  /** The coordinator's PostgreSQL results store (URL without password): workers using it write there directly. */
  results?: string;
};

export type DistributedEvaluationResult = {
  /** One record per evaluated case, in plan order, `seq` = its case's position in the plan. */
  records: EvaluationRecord[];
  /** The records no worker wrote to the results store (the coordinator writes these). */
  unstored: EvaluationRecord[];
  stopped?: { reason: 'budget'; message: string };
  jobs: number;
  /** What the jobs settled in the shared budget. */
  spent: { evaluations: number; usd: number };
};

export type QueueEvaluatorOptions = {
  redisUrl: string;
  prefix: string;
  logger?: Logger;
  metrics?: EvohubMetrics;
  /** Attempts per job before it fails for good (default 3; stalls caused by a dead worker do not count). */
  attempts?: number;
  /** Completed jobs and run manifests are kept this long, so a resumed coordinator finds them (default 7 d). */
  keepSeconds?: number;
};

/** Called as each job finishes, with its records (in the job's case order). */
export type JobListener = (result: EvaluationJobResult, jobId: string) => void;

/**
 * The coordinator's side of the queue: splits an evaluation into jobs, puts them on the queue under ids that
 * are hashes of their content (so submitting again — after a crash — adds nothing new), and awaits their
 * results. `resume(runId)` reloads a run's request from Redis and waits for (or re-adds) its jobs.
 */
export class QueueEvaluator {
  readonly #opts: QueueEvaluatorOptions;
  readonly #redis: Redis;
  readonly #queue: Queue<EvaluationJobSpec, EvaluationJobResult>;
  readonly #events: QueueEvents;
  readonly #eventsConnection: Redis;

  /** Use `openQueueEvaluator`; the constructor only keeps what it is given. */
  constructor(
    opts: QueueEvaluatorOptions,
    parts: {
      redis: Redis;
      queue: Queue<EvaluationJobSpec, EvaluationJobResult>;
      events: QueueEvents;
      eventsConnection: Redis;
    },
  ) {
    this.#opts = opts;
    this.#redis = parts.redis;
    this.#queue = parts.queue;
    this.#events = parts.events;
    this.#eventsConnection = parts.eventsConnection;
  }

  get queue(): Queue<EvaluationJobSpec, EvaluationJobResult> {
    return this.#queue;
  }

  /** The shared budget `id` in Redis, as workers see it. */
  budget(id: string, limits: BudgetLimits): RedisBudget {
    return new RedisBudget({ redis: this.#redis, prefix: this.#opts.prefix, budgetId: id, limits });
  }

  /** The paid-call ledger of a run, shared with the workers. */
  ledger(runId: string): PaidLedger {
    return redisPaidLedger(this.#redis, ledgerKeyOf(this.#opts.prefix, runId));
  }

  /** The jobs of a request, in plan order, with their ids. */
  specsOf(request: DistributedEvaluationRequest): { id: string; spec: EvaluationJobSpec }[] {
    const size = request.batchSize ?? 25;
    return batchesOf(request.plan, size).map((cases, i) => {
      const spec: EvaluationJobSpec = {
        v: JOB_PROTOCOL_VERSION,
        runId: request.runId,
        prompt: request.prompt,
        providerRef: request.providerRef,
        providers: request.providers,
        judgeModel: request.judgeModel,
        budget: request.budget,
        ...(request.ledger ? { ledger: request.ledger } : {}),
        cases,
        concurrency: request.concurrency ?? 16,
        seqOffset: i * Math.max(1, Math.floor(size)),
        ...(request.results ? { results: request.results } : {}),
      };
      return { id: jobIdOf(spec), spec };
    });
  }

  /**
   * Stores the run's request (for `resume`) and adds its jobs; jobs already on the queue (any state) are left
   * alone, failed ones are retried when `retryFailed`. Returns the jobs in plan order.
   */
  async submit(
    request: DistributedEvaluationRequest,
    retryFailed = false,
  ): Promise<Job<EvaluationJobSpec, EvaluationJobResult>[]> {
    const keep = this.#opts.keepSeconds ?? 7 * 86_400;
    await this.#redis.set(keysOf(this.#opts.prefix).run(request.runId), JSON.stringify(request), 'EX', keep);
    const specs = this.specsOf(request);
    const jobs = await this.#queue.addBulk(
      specs.map(({ id, spec }) => ({
        name: 'evaluate',
        data: spec,
        opts: {
          jobId: id,
          attempts: this.#opts.attempts ?? 3,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { age: keep },
          removeOnFail: { age: keep },
        },
      })),
    );
    if (retryFailed) {
      for (const job of jobs) if ((await job.getState()) === 'failed') await job.retry('failed');
    }
    this.#opts.logger?.info(
      { runId: request.runId, jobs: jobs.length, cases: request.plan.length },
      'submitted',
    );
    return jobs;
  }

  /** Submits the request and waits for every job; records come back in plan order. */
  async evaluate(
    request: DistributedEvaluationRequest,
    onJob?: JobListener,
    retryFailed = false,
  ): Promise<DistributedEvaluationResult> {
    const jobs = await this.submit(request, retryFailed);
    // waitUntilFinished adds listeners per job on both emitters.
    for (const e of [this.#events, this.#queue]) e.setMaxListeners(e.getMaxListeners() + 2 * jobs.length);
    const m = this.#opts.metrics;
    let results: EvaluationJobResult[];
    try {
      results = await Promise.all(
        jobs.map(async (job) => {
          const result = (await job.waitUntilFinished(this.#events)) as EvaluationJobResult;
          m?.jobs.inc({ status: 'completed' });
          for (const r of result.records) m?.evaluations.inc({ status: r.error ? 'error' : 'ok' });
          m?.providerRequests.inc(result.providerRequests);
          m?.cacheHits.inc(result.cacheHits);
          m?.costUsd.inc(result.records.reduce((s, r) => s + (r.cached ? 0 : (r.costUsd ?? 0)), 0));
          onJob?.(result, String(job.id));
          return result;
        }),
      );
    } finally {
      for (const e of [this.#events, this.#queue])
        e.setMaxListeners(Math.max(10, e.getMaxListeners() - 2 * jobs.length));
    }
    const seqd = results.map((r, i) => withPlanSeq(jobs[i]?.data ?? { cases: [] }, r.records));
    const records = seqd.flat();
    const unstored = seqd.filter((_, i) => !results[i]?.stored).flat();
    const stopped = results.find((r) => r.stopped)?.stopped;
    this.#opts.logger?.info(
      { runId: request.runId, evaluations: records.length, stopped: !!stopped },
      'done',
    );
    const spent = { evaluations: 0, usd: 0 };
    for (const r of results) {
      spent.evaluations += r.spent?.evaluations ?? 0;
      spent.usd += r.spent?.usd ?? 0;
    }
    return { records, unstored, stopped, jobs: jobs.length, spent };
  }

  /** The request a run was submitted with, as stored in Redis. */
  async loadRun(runId: string): Promise<DistributedEvaluationRequest> {
    const text = await this.#redis.get(keysOf(this.#opts.prefix).run(runId));
    if (text === null) {
      throw new NotFoundError(`no distributed run "${runId}" in Redis under prefix "${this.#opts.prefix}"`, {
        hint: 'check --redis and --queue-prefix; runs are kept 7 days after submission',
      });
    }
    return JSON.parse(text) as DistributedEvaluationRequest;
  }

  /** Picks a run up again after the coordinator died: same jobs (same ids), finished ones are not redone. */
  async resume(runId: string, onJob?: JobListener): Promise<DistributedEvaluationResult> {
    return this.evaluate(await this.loadRun(runId), onJob, true);
  }

  /** Removes a finished run's jobs and manifest (results already taken). */
  async forget(request: DistributedEvaluationRequest): Promise<void> {
    for (const { id } of this.specsOf(request)) await this.#queue.remove(id).catch(() => 0);
    await this.#redis.del(keysOf(this.#opts.prefix).run(request.runId));
  }

  async close(): Promise<void> {
    await this.#events.close();
    await this.#queue.close();
    this.#redis.disconnect();
    this.#eventsConnection.disconnect();
  }
}

/** Connects to Redis and opens the queue and its event stream. */
export async function openQueueEvaluator(opts: QueueEvaluatorOptions): Promise<QueueEvaluator> {
  // One line when Redis goes away and one when it is back, for the queue, its events and their connections.
  const outage = createRedisOutage(redactUrl(opts.redisUrl), (e) => opts.logger?.warn(e.message));
  const redis = openRedis(opts.redisUrl, outage);
  const eventsConnection = openRedis(opts.redisUrl, outage);
  const queue = new Queue<EvaluationJobSpec, EvaluationJobResult>(EVALUATION_QUEUE, {
    connection: redis,
    prefix: opts.prefix,
  });
  const events = new QueueEvents(EVALUATION_QUEUE, { connection: eventsConnection, prefix: opts.prefix });
  outage.watchErrors(queue);
  outage.watchErrors(events);
  await queue.waitUntilReady();
  await events.waitUntilReady();
  return new QueueEvaluator(opts, { redis, queue, events, eventsConnection });
}
