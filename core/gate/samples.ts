import { NotFoundError } from '../errors.ts';
import type { CounterSums } from './gate-metrics.ts';
import { OUTCOME_METRICS, type OutcomeCounter, outcomeCounterOf } from './outcome-metrics.ts';

/** One series of a Prometheus range-vector result: its labels and `[unixSeconds, "value"]` samples. */
export type PromSeries = { metric: Record<string, string>; values: [number, string][] };

/**
 * The exact increase of one counter series after `windowStart`, from its raw samples (values as numbers or as
 * the strings Prometheus sends; no extrapolation, unlike
 * PromQL's `increase()`, so counts stay integers and count, sum and sum of squares stay consistent):
 * - baseline: the last sample at or before `windowStart`; a series with none there was born inside the window
 *   (a new pod, or a label set first used), and prom-client counters start at 0, so its baseline is 0;
 * - a counter reset (a value lower than the one before: the process restarted) counts from 0 again.
 */
export function exactIncrease(
  samples: readonly (readonly [number, number | string])[],
  windowStart: number,
): number {
  // Prometheus returns each series in time order; anything else is sorted first.
  let ordered = samples;
  for (let i = 1; i < samples.length; i++) {
    if ((samples[i] as readonly [number, unknown])[0] < (samples[i - 1] as readonly [number, unknown])[0]) {
      ordered = [...samples].sort((a, b) => a[0] - b[0]);
      break;
    }
  }
  let prev = 0;
  let total = 0;
  for (const [t, raw] of ordered) {
    const v = Number(raw);
    // NaN / ±Inf (a broken exporter) carry no count; skip rather than poison the sum.
    if (!Number.isFinite(v)) continue;
    if (t <= windowStart) {
      prev = v;
      continue;
    }
    total += v >= prev ? v - prev : v;
    prev = v;
  }
  return total;
}

export function zeroSums(): CounterSums {
  const sums = {} as CounterSums;
  for (const key of Object.keys(OUTCOME_METRICS) as OutcomeCounter[]) sums[key] = 0;
  return sums;
}

/**
 * Sums every series' exact increase per variant (over pods, versions and any other label). A variant with no
 * series at all is an error: the gate never decides on missing data.
 */
export function sumsByVariant(
  series: readonly PromSeries[],
  variants: readonly string[],
  windowStart: number,
  query: string,
): Record<string, CounterSums> {
  const out: Record<string, CounterSums> = {};
  for (const v of variants) out[v] = zeroSums();
  const seen = new Set<string>();
  for (const s of series) {
    const counter = outcomeCounterOf(s.metric.__name__ ?? '');
    const variant = s.metric.variant;
    if (!counter || variant === undefined || !out[variant]) continue;
    seen.add(variant);
    out[variant][counter] += exactIncrease(s.values, windowStart);
  }
  const missing = variants.filter((v) => !seen.has(v));
  if (missing.length > 0) {
    throw new NotFoundError(`Prometheus returned no outcome samples for variant ${missing.join(' and ')}`, {
      hint: `query ${query}; check the prompt, variant and selector labels and that the application is scraped`,
    });
  }
  return out;
}
