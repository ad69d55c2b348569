import { randomUUID } from 'node:crypto';
import type { Budget, BudgetLimits } from '../../core/ports/budget.ts';
import type { ProviderConfig } from '../providers/provider.ts';
import type { RunEvaluationOptions, RunEvaluationResult } from '../run-evaluation.ts';
import type { QueueEvaluator } from './queue-evaluator.ts';

export type DistributedRunOptions = {
  /** `evohub.yaml` `providers:` the workers create providers from (keys by env-var name only). */
  providers?: Record<string, ProviderConfig>;
  judgeModel?: string;
  /** A fixed shared budget every worker reserves from, when calls pass no local budget. */
  budget?: { id: string; limits: BudgetLimits };
  /** Names the Redis budgets made for local budgets (default: each evaluation's run id). */
  budgetPrefix?: string;
  /** Cases per job (default 25). */
  batchSize?: number;
  /** The run whose paid-call ledger the workers record in. */
  ledger?: string;
  /**
   * The coordinator's results store when it is PostgreSQL (URL without password): workers configured with the
   * same store write their jobs' evaluations there directly; the coordinator writes only the others.
   */
  results?: string;
};

/** Amounts of a local budget already known on the other side. */
type Mirror = { id: string; pushed: { e: number; usd: number }; pulled: { e: number; usd: number } };

/**
 * A drop-in for `runEvaluation` that evaluates on the queue's workers instead of in this process: same options,
 * same result (records in plan order). The model under test is `opts.caller.provider.id`; the scorers are the
 * prompt's evaluators, rebuilt on the workers. Records go to `opts.store` and `opts.onEvent` as jobs finish.
 *
 * `budget`, when given, is the local budget the in-process step would draw on (the evolution loop's): it gets a
 * Redis twin with the same limits that the workers reserve from, and the two are kept in step — what this process
 * spent meanwhile (optimizer calls) is charged to the twin before jobs go out, what the workers settled is booked
 * in the local budget when they come back — so the ceiling holds for both sides together.
 */
export function distributedRunEvaluation(
  queue: QueueEvaluator,
  options: DistributedRunOptions = {},
): (opts: RunEvaluationOptions, budget?: Budget) => Promise<RunEvaluationResult> {
  const session = randomUUID().slice(0, 8);
  const mirrors = new WeakMap<Budget, Mirror>();
  let twins = 0;
  return async (opts, local) => {
    let shared = options.budget;
    let mirror: Mirror | undefined;
    if (local) {
      mirror = mirrors.get(local);
      if (!mirror) {
        // A twin per process: a resumed coordinator's local limits already deduct what was spent before.
        mirror = {
          id: `${options.budgetPrefix ?? opts.runId}/${session}/${++twins}`,
          pushed: { e: 0, usd: 0 },
          pulled: { e: 0, usd: 0 },
        };
        mirrors.set(local, mirror);
      }
      const u = await local.usage();
      const e = Math.max(0, u.evaluations - mirror.pulled.e - mirror.pushed.e);
      const usd = Math.max(0, u.usd - mirror.pulled.usd - mirror.pushed.usd);
      mirror.pushed.e += e;
      mirror.pushed.usd += usd;
      if (e > 0 || usd > 0) await queue.budget(mirror.id, local.limits).charge({ evaluations: e, usd });
      shared = { id: mirror.id, limits: local.limits };
    }
    const total = opts.plan.length;
    let done = 0;
    const result = await queue.evaluate(
      {
        runId: opts.runId,
        prompt: opts.prompt,
        providerRef: opts.caller.provider.id,
        providers: options.providers,
        judgeModel: options.judgeModel,
        budget: shared,
        ...(options.ledger ? { ledger: options.ledger } : {}),
        ...(options.results ? { results: options.results } : {}),
        plan: [...opts.plan],
        batchSize: options.batchSize,
        concurrency: opts.concurrency,
      },
      (job) => {
        for (const r of job.records) {
          done++;
          opts.onEvent?.({
            type: 'evaluation-scored',
            runId: opts.runId,
            done,
            total,
            caseId: r.caseId,
            repeat: r.repeat,
            cached: r.cached,
            error: r.error,
            costUsd: r.costUsd,
          });
        }
      },
    );
    if (local && mirror && (result.spent.evaluations > 0 || result.spent.usd > 0)) {
      mirror.pulled.e += result.spent.evaluations;
      mirror.pulled.usd += result.spent.usd;
      try {
        const r = await local.reserve({ evaluations: result.spent.evaluations, usd: result.spent.usd });
        await local.settle(r, { usd: result.spent.usd });
      } catch {
        // Refused: this process's own calls and the workers' together reached the ceiling; the local budget
        // is now exhausted, which stops the loop at its next reservation.
      }
    }
    if (opts.store) {
      await opts.store.appendEvaluations(result.unstored);
      await opts.store.flush();
      opts.onEvent?.({ type: 'checkpoint-written', runId: opts.runId, evaluations: result.records.length });
    }
    if (result.stopped) {
      opts.onEvent?.({
        type: 'run-stopped',
        runId: opts.runId,
        reason: 'budget',
        message: result.stopped.message,
      });
    }
    return { records: result.records, stopped: result.stopped };
  };
}
