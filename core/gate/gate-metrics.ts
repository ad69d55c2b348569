import { ConfigError } from '../errors.ts';
import type { AbMetricInput, MetricDirection, MetricStats, MetricType } from '../stats/ab-types.ts';
import type { OutcomeCounter } from './outcome-metrics.ts';

/** One variant's counter increases over the window, keyed by counter (see outcome-metrics.ts). */
export type CounterSums = Record<OutcomeCounter, number>;

/** A metric the gate can test: how its summary statistics come out of the outcome counters. */
export type GateMetric = {
  name: string;
  description: string;
  type: MetricType;
  direction: MetricDirection;
  stats(sums: CounterSums): MetricStats;
};

const success: GateMetric = {
  name: 'success',
  description: 'share of outcomes recorded with success: true (higher is better)',
  type: 'proportion',
  direction: 'higher',
  stats: (s) => ({ n: s.requests, sum: s.success }),
};

const errorRate: GateMetric = {
  name: 'error_rate',
  description: 'share of outcomes recorded with success: false (lower is better)',
  type: 'proportion',
  direction: 'lower',
  // Clamped: float sums of 0/1 increments are exact integers, but never let rounding make a negative count.
  stats: (s) => ({ n: s.requests, sum: Math.max(0, s.requests - s.success) }),
};

const latency: GateMetric = {
  name: 'latency',
  description: 'mean latency in seconds per outcome (lower is better)',
  type: 'mean',
  direction: 'lower',
  stats: (s) => ({ n: s.requests, sum: s.latencySum, sumSquares: s.latencySumSquares }),
};

const cost: GateMetric = {
  name: 'cost',
  description: 'mean cost in US dollars per outcome (lower is better)',
  type: 'mean',
  direction: 'lower',
  stats: (s) => ({ n: s.requests, sum: s.costSum, sumSquares: s.costSumSquares }),
};

const rating: GateMetric = {
  name: 'rating',
  description: 'mean rating over the outcomes that carried one (higher is better)',
  type: 'mean',
  direction: 'higher',
  stats: (s) => ({ n: s.ratingCount, sum: s.ratingSum, sumSquares: s.ratingSumSquares }),
};

/** The registry of gate metrics; `schemas/gate-config.schema.json` lists the same names. */
export const GATE_METRICS: Readonly<Record<string, GateMetric>> = Object.fromEntries(
  [success, errorRate, latency, cost, rating].map((m) => [m.name, m]),
);

export function gateMetric(name: string): GateMetric {
  const m = GATE_METRICS[name];
  if (!m)
    throw new ConfigError(`unknown gate metric ${name}`, {
      hint: `known: ${Object.keys(GATE_METRICS).join(', ')}`,
    });
  return m;
}

/** The A/B metric for one gate metric, with stats for both variants. */
export function abMetric(
  metric: GateMetric,
  sumsByVariant: Readonly<Record<string, CounterSums>>,
  role: { primary: true } | { margin: number },
): AbMetricInput {
  const stats: Record<string, MetricStats> = {};
  for (const [variant, sums] of Object.entries(sumsByVariant)) stats[variant] = metric.stats(sums);
  return {
    name: metric.name,
    type: metric.type,
    direction: metric.direction,
    ...('primary' in role ? { primary: true } : { guardrail: { margin: role.margin } }),
    stats,
  };
}
