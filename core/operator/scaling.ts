/** How many evaluator workers a run wants: enough for its queue, within the spec's bounds. */

export type WorkerBounds = { min: number; max: number };

export function workerBounds(workers: { min?: number; max?: number } | undefined): WorkerBounds {
  const max = Math.max(1, workers?.max ?? 4);
  const min = Math.min(Math.max(0, workers?.min ?? 0), max);
  return { min, max };
}

/**
 * ceil(depth / jobsPerWorker) clamped to [min, max]. An unknown depth (Redis unreachable) keeps the current
 * parallelism, or min when there is none yet: scaling on a guess would thrash.
 */
export function desiredParallelism(
  depth: number | undefined,
  bounds: WorkerBounds,
  jobsPerWorker: number,
  current: number | undefined,
): number {
  if (depth === undefined) return current ?? bounds.min;
  const wanted = Math.ceil(Math.max(0, depth) / Math.max(1, jobsPerWorker));
  return Math.min(bounds.max, Math.max(bounds.min, wanted));
}
