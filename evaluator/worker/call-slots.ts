import type { ConcurrencyLimiter } from '../limits/semaphore.ts';
import type { ModelCaller } from '../model-caller.ts';

/**
 * Calls in flight on a worker, whatever its jobs ask for: every job's callers share one limiter, so that the
 * worker can take many jobs at once (and keep a fast server busy) without one process opening thousands of calls.
 */
export const DEFAULT_WORKER_CALLS_IN_FLIGHT = 512;

/**
 * Jobs taken at once by default: enough that jobs at the coordinator's default of 16 evaluations in flight fill
 * the calls in flight (32 × 16 = 512); jobs beyond what the limit allows wait for slots, not for the queue.
 */
export const DEFAULT_WORKER_JOBS = 32;

/** The caller, holding one of the worker's slots for each call (a cache hit holds it for microseconds). */
export function withCallSlots(inner: ModelCaller, slots: ConcurrencyLimiter | undefined): ModelCaller {
  if (!slots) return inner;
  return {
    provider: inner.provider,
    get counters() {
      return inner.counters;
    },
    async call(request) {
      const release = await slots.acquire();
      try {
        return await inner.call(request);
      } finally {
        release();
      }
    },
  };
}
