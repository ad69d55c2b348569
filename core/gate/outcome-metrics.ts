/**
 * The contract between the runtime SDK (which records outcomes) and `evohub gate` (which reads them back from
 * Prometheus): metric names, labels and which summary statistic each counter holds. Every metric is a COUNTER,
 * so that the gate recovers exact counts, sums and sums of squares over a window (a histogram or a gauge would
 * lose the sum of squares, and with it the variance).
 */

export const OUTCOME_LABELS = ['prompt', 'version', 'variant'] as const;
export type OutcomeLabel = (typeof OUTCOME_LABELS)[number];

export const OUTCOME_METRICS = {
  /** One per recorded outcome: the unit count `n` of every per-request metric. */
  requests: 'evohub_outcome_requests_total',
  /** Outcomes with `success: true` (a 0/1 metric, so its sum of squares equals its sum). */
  success: 'evohub_outcome_success_total',
  latencySum: 'evohub_outcome_latency_seconds_sum',
  latencySumSquares: 'evohub_outcome_latency_seconds_sum_squares',
  costSum: 'evohub_outcome_cost_usd_sum',
  costSumSquares: 'evohub_outcome_cost_usd_sum_squares',
  /** Ratings are optional, so they carry their own count. */
  ratingCount: 'evohub_outcome_rating_count',
  ratingSum: 'evohub_outcome_rating_sum',
  ratingSumSquares: 'evohub_outcome_rating_sum_squares',
} as const;

export type OutcomeCounter = keyof typeof OUTCOME_METRICS;

export const OUTCOME_METRIC_HELP: Readonly<Record<OutcomeCounter, string>> = {
  requests: 'Outcomes recorded (requests served) per prompt, version and variant',
  success: 'Outcomes that succeeded',
  latencySum: 'Sum of request latencies in seconds',
  latencySumSquares: 'Sum of squared request latencies in seconds squared',
  costSum: 'Sum of request costs in US dollars',
  costSumSquares: 'Sum of squared request costs in US dollars squared',
  ratingCount: 'Outcomes that carried a rating',
  ratingSum: 'Sum of ratings',
  ratingSumSquares: 'Sum of squared ratings',
};

/** Counter name → its key, for reading samples back. */
export function outcomeCounterOf(metricName: string): OutcomeCounter | undefined {
  for (const [key, name] of Object.entries(OUTCOME_METRICS))
    if (name === metricName) return key as OutcomeCounter;
  return undefined;
}
