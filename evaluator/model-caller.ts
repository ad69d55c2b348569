import type { PaidCall } from '../core/evolve/paid-ledger.ts';
import type { Budget, Reservation } from '../core/ports/budget.ts';
import type { ResponseCache } from '../core/ports/response-cache.ts';
import { isBudgetExceeded } from './budget/budget.ts';
import { responseCacheKey } from './cache/response-cache.ts';
import { LocalRateLimiter, type RateLimiter, unlimitedRateLimiter } from './limits/rate-limiter.ts';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './limits/retry.ts';
import { type ConcurrencyLimiter, Semaphore } from './limits/semaphore.ts';
import { DEFAULT_TIMEOUT_MS, withTimeout } from './limits/timeout.ts';
import { costOf, estimateTokens, type PricingTable, priceOf, worstCaseCost } from './pricing/pricing.ts';
import type { ChatRequest, ChatResponse, Provider, ProviderConfig } from './providers/provider.ts';
import { ProviderError } from './providers/provider-error.ts';

export { DEFAULT_TIMEOUT_MS } from './limits/timeout.ts';

export type CallResult = { response: ChatResponse; cached: boolean; retries: number };

export type CallerCounters = {
  /** `call()` invocations. */
  calls: number;
  cacheHits: number;
  /** Requests sent to the provider (first attempts and retries). */
  providerRequests: number;
  retries: number;
  /** Calls that ended in an error (after retries). */
  failures: number;
  /** Cache reads or writes that failed (treated as a miss / skipped: a paid answer is never lost to them). */
  cacheErrors: number;
  inFlight: number;
};

export interface ModelCaller {
  readonly provider: Provider;
  call(request: ChatRequest): Promise<CallResult>;
  /** A snapshot of the counters, for reports and metrics. */
  readonly counters: CallerCounters;
}

export type ModelCallerOptions = {
  provider: Provider;
  /** `evohub.yaml` `providers.<prefix>`: timeoutMs, maxRetries, concurrency, requestsPerMinute, tokensPerMinute. */
  config?: ProviderConfig;
  cache?: ResponseCache<ChatResponse>;
  budget?: Budget;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** For backoff jitter; inject for reproducible tests. */
  random?: () => number;
  /** Share one limiter between callers of the same provider (or across workers, with a Redis limiter). */
  rateLimiter?: RateLimiter;
  concurrencyLimiter?: ConcurrencyLimiter;
  retryPolicy?: Partial<RetryPolicy>;
  pricing?: PricingTable;
  /** Called once per paid call, before its answer is cached or used (the run's paid-call ledger). */
  onPaid?: (call: PaidCall) => Promise<void>;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Wraps a provider with everything a paid call needs, in this order: cache lookup (a hit costs nothing and
 * touches no budget or limit), budget reservation of the worst case, concurrency slot, rate limits, the call
 * with a timeout, retries with backoff (honouring Retry-After), cache write on success only, budget settlement.
 */
export function createModelCaller(opts: ModelCallerOptions): ModelCaller {
  const { provider, cache, budget } = opts;
  const config = opts.config ?? {};
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? realSleep;
  const random = opts.random ?? Math.random;
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...(typeof config.maxRetries === 'number' ? { maxRetries: config.maxRetries } : {}),
    ...opts.retryPolicy,
  };
  const timeoutMs = typeof config.timeoutMs === 'number' ? config.timeoutMs : DEFAULT_TIMEOUT_MS;
  const limiter =
    opts.rateLimiter ??
    (config.requestsPerMinute || config.tokensPerMinute
      ? new LocalRateLimiter(
          { requestsPerMinute: config.requestsPerMinute, tokensPerMinute: config.tokensPerMinute },
          { now, sleep },
        )
      : unlimitedRateLimiter);
  const slots =
    opts.concurrencyLimiter ??
    new Semaphore(typeof config.concurrency === 'number' ? config.concurrency : Infinity);
  // Looked up once: an unpriced model (a local server) would scan the whole table twice per call.
  const priced = priceOf(provider.id, opts.pricing) !== undefined;
  const counts = {
    calls: 0,
    cacheHits: 0,
    providerRequests: 0,
    retries: 0,
    failures: 0,
    cacheErrors: 0,
    inFlight: 0,
  };

  async function attemptLoop(request: ChatRequest): Promise<{ response: ChatResponse; retries: number }> {
    const estimate = estimateTokens(request.messages.map((m) => m.content).join('\n'));
    const tokenCost = estimate + (request.parameters.maxTokens ?? 0);
    for (let attempt = 0; ; attempt++) {
      await limiter.acquire({ requests: 1, tokens: tokenCost });
      counts.providerRequests++;
      try {
        const response = await withTimeout(
          (signal) => provider.complete({ ...request, signal }),
          timeoutMs,
          () =>
            new ProviderError(`${provider.id}: no answer within ${timeoutMs} ms`, {
              providerId: provider.id,
              kind: 'timeout',
              hint: 'raise timeoutMs for this provider in evohub.yaml',
            }),
          request.signal,
        );
        await limiter.adjust(response.usage.inputTokens + response.usage.outputTokens - tokenCost);
        return { response, retries: attempt };
      } catch (error) {
        const failure = asProviderError(error, provider.id);
        if (!failure.retryable || attempt >= policy.maxRetries || request.signal?.aborted) {
          if (failure.retryable && attempt > 0) {
            throw new ProviderError(`${failure.message} (gave up after ${attempt + 1} attempts)`, {
              providerId: failure.providerId,
              kind: failure.kind,
              status: failure.status,
              hint: failure.hint,
              cause: failure,
            });
          }
          throw failure;
        }
        counts.retries++;
        await sleep(backoffDelay(attempt, policy, random, failure.retryAfterMs));
      }
    }
  }

  async function call(request: ChatRequest): Promise<CallResult> {
    counts.calls++;
    const key = cache ? responseCacheKey(provider.id, request) : '';
    if (cache) {
      // A failing cache must not fail the evaluation: counted (cacheErrors) and treated as a miss.
      const hit = await cache.get(key).catch(() => {
        counts.cacheErrors++;
        return undefined;
      });
      if (hit) {
        counts.cacheHits++;
        return { response: hit, cached: true, retries: 0 };
      }
    }
    // The slot first: calls queued for a slot hold no reservation (that would stop a run near its ceiling early).
    const release = await slots.acquire();
    counts.inFlight++;
    let reservation: Reservation | undefined;
    let outcome: { response: ChatResponse; retries: number };
    try {
      if (budget) {
        reservation = await budget.reserve({
          evaluations: 1,
          usd: priced ? worstCaseCost(provider.id, request, opts.pricing) : 0,
        });
      }
      outcome = await attemptLoop(request);
    } catch (error) {
      if (!isBudgetExceeded(error)) counts.failures++;
      // Failed calls are not billed by the providers we know (errors and refused requests are free).
      if (reservation) await budget?.release(reservation);
      throw error;
    } finally {
      counts.inFlight--;
      release();
    }
    const response = outcome.response;
    if (response.costUsd === undefined && priced) {
      const cost = costOf(provider.id, response.usage, opts.pricing);
      if (cost !== undefined) response.costUsd = cost;
    }
    if (reservation) await budget?.settle(reservation, { usd: response.costUsd ?? 0 });
    if (opts.onPaid)
      await opts.onPaid({
        key: key || responseCacheKey(provider.id, request),
        costUsd: response.costUsd ?? 0,
      });
    if (cache) {
      // A failing cache must not fail the evaluation: counted (cacheErrors); the answer is still returned.
      // Awaited, so that any later read (this run's, or the next command's in the same process) finds it.
      await cache.set(key, response).catch(() => {
        counts.cacheErrors++;
      });
    }
    return { response, cached: false, retries: outcome.retries };
  }

  return {
    provider,
    call,
    get counters(): CallerCounters {
      return { ...counts };
    },
  };
}

/** Anything a provider throws becomes a ProviderError; a custom module's plain Error is not retried. */
function asProviderError(error: unknown, providerId: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(`${providerId}: ${message}`, { providerId, kind: 'other', cause: error });
}
