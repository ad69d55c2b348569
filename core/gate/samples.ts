import { EvohubError, NotFoundError } from '../errors.ts';
import type { CounterSums } from './gate-metrics.ts';
import { OUTCOME_METRICS, type OutcomeCounter, outcomeCounterOf } from './outcome-metrics.ts';

/** One series of a Prometheus range-vector result: its labels and `[unixSeconds, "value"]` samples. */
export type PromSeries = { metric: Record<string, string>; values: [number, string][] };

/**
 * Bad data from Prometheus: the gate makes no decision on it (the CLI exits 1, `gate serve` answers
 * `decision: error`), and the message names the series so that the exporter can be found and fixed.
 */
export class GateDataError extends EvohubError {
  constructor(message: string, query: string) {
    super('VALIDATION', message, {
      hint: `query ${query}; no decision is made on data that cannot be trusted`,
    });
    this.name = 'GateDataError';
  }
}

/** `name{label="value",…}`, as Prometheus writes a series (labels sorted, values quoted). */
export function seriesName(metric: Readonly<Record<string, string>>): string {
  const labels = Object.entries(metric)
    .filter(([k]) => k !== '__name__')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${metric.__name__ ?? ''}{${labels.join(',')}}`;
}

/** A counter's increase over the window and the instants at which it fell (a process restart, if plausible). */
export type CounterIncrease = { increase: number; resets: number[] };

function timeOrdered<T extends readonly [number, unknown]>(samples: readonly T[]): readonly T[] {
  for (let i = 1; i < samples.length; i++) {
    if ((samples[i] as T)[0] < (samples[i - 1] as T)[0]) return [...samples].sort((a, b) => a[0] - b[0]);
  }
  return samples;
}

/**
 * The exact increase of one counter series after `windowStart`, from its raw samples (values as numbers or as
 * the strings Prometheus sends; no extrapolation, unlike PromQL's `increase()`, so counts stay integers and
 * count, sum and sum of squares stay consistent):
 * - baseline: the last sample at or before `windowStart`; a series with none there was born inside the window
 *   (a new pod, or a label set first used), and prom-client counters start at 0, so its baseline is 0;
 * - a fall (a value lower than the one before) counts from 0 again and is reported in `resets`: the caller
 *   accepts it only as part of a whole process restart;
 * - a value that is not a finite number ≥ 0 is no counter value at all: the error names the sample, never a
 *   silent skip (a dropped NaN used to count as 0 and could make a canary look 100% faster).
 */
export function counterIncrease(
  samples: readonly (readonly [number, number | string])[],
  windowStart: number,
): CounterIncrease | { bad: string } {
  let prev = 0;
  let total = 0;
  const resets: number[] = [];
  for (const [t, raw] of timeOrdered(samples)) {
    const v = typeof raw === 'number' || typeof raw === 'string' ? Number(raw) : Number.NaN;
    if (!Number.isFinite(v) || v < 0 || (typeof raw === 'string' && raw.trim() === '')) {
      return { bad: `sample ${JSON.stringify(raw)} at ${t} is not a counter value (a finite number ≥ 0)` };
    }
    if (t <= windowStart) {
      prev = v;
      continue;
    }
    if (v < prev) resets.push(t);
    total += v >= prev ? v - prev : v;
    prev = v;
  }
  return { increase: total, resets };
}

/** {@link counterIncrease} for one series known to be clean; throws on a bad sample. */
export function exactIncrease(
  samples: readonly (readonly [number, number | string])[],
  windowStart: number,
): number {
  const r = counterIncrease(samples, windowStart);
  if ('bad' in r) throw new RangeError(r.bad);
  return r.increase;
}

export function zeroSums(): CounterSums {
  const sums = {} as CounterSums;
  for (const key of Object.keys(OUTCOME_METRICS) as OutcomeCounter[]) sums[key] = 0;
  return sums;
}

/** The counters recorded together for one label set on one target: a restart resets them all at once. */
function groupKey(metric: Readonly<Record<string, string>>): string {
  return seriesName({ ...metric, __name__: '' });
}

/** The value of a series at instant `t` and at the sample before it, if it has both. */
function around(values: readonly [number, string][], t: number): [number, number] | undefined {
  const ordered = timeOrdered(values);
  const i = ordered.findIndex(([ts]) => ts === t);
  if (i < 1) return undefined;
  return [Number((ordered[i - 1] as [number, string])[1]), Number((ordered[i] as [number, string])[1])];
}

/**
 * A fall is a restart only if every counter of the same label set on the same target fell at the same instant
 * (a counter that stayed at 0 cannot fall): one counter dropping alone is a broken exporter, not a restart.
 */
function implausibleReset(s: PromSeries, t: number, group: readonly PromSeries[]): PromSeries | undefined {
  for (const other of group) {
    if (other === s) continue;
    const pair = around(other.values, t);
    if (!pair) continue;
    const [before, after] = pair;
    if (!(after < before || (before === 0 && after === 0))) return other;
  }
  return undefined;
}

/** Counts that cannot come from one set of outcomes (more successes than requests, a negative variance). */
function inconsistency(s: CounterSums): string | undefined {
  const eps = 1e-9;
  if (s.success > s.requests + eps) return `${s.success} successes out of ${s.requests} requests`;
  if (s.ratingCount > s.requests + eps) return `${s.ratingCount} ratings out of ${s.requests} requests`;
  const pairs: [string, number, number, number][] = [
    ['latency', s.requests, s.latencySum, s.latencySumSquares],
    ['cost', s.requests, s.costSum, s.costSumSquares],
    ['rating', s.ratingCount, s.ratingSum, s.ratingSumSquares],
  ];
  for (const [name, n, sum, squares] of pairs) {
    if (n === 0 && (sum > eps || squares > eps))
      return `${name} sum ${sum} and sum of squares ${squares} over 0 outcomes`;
    // Cauchy–Schwarz: Σx² ≥ (Σx)²/n, else the variance would be negative.
    if (n > 0 && squares < (sum * sum) / n - 1e-6 * Math.max(1, squares))
      return `${name} sum of squares ${squares} is below (sum ${sum})²/${n}: a negative variance`;
  }
  return undefined;
}

/**
 * Sums every series' exact increase per variant (over pods, versions and any other label). The gate never
 * decides on missing or untrustworthy data, so each of these is an error naming the query and the series:
 * a variant with no series at all, a sample that is not a finite number ≥ 0, a counter that falls without the
 * rest of its target's counters falling with it (a restart resets them all), and per-variant sums that no set
 * of outcomes could produce.
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
  const relevant = series.filter((s) => {
    const counter = outcomeCounterOf(s.metric.__name__ ?? '');
    return counter !== undefined && s.metric.variant !== undefined && out[s.metric.variant] !== undefined;
  });
  const groups = new Map<string, PromSeries[]>();
  for (const s of relevant) {
    const key = groupKey(s.metric);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const s of relevant) {
    const counter = outcomeCounterOf(s.metric.__name__ ?? '') as OutcomeCounter;
    const variant = s.metric.variant as string;
    const r = counterIncrease(s.values, windowStart);
    if ('bad' in r) throw new GateDataError(`Prometheus series ${seriesName(s.metric)}: ${r.bad}`, query);
    for (const t of r.resets) {
      const culprit = implausibleReset(s, t, groups.get(groupKey(s.metric)) ?? []);
      if (culprit) {
        throw new GateDataError(
          `Prometheus series ${seriesName(s.metric)} fell at ${t} but ${seriesName(culprit.metric)} did not: a counter reset without a process restart`,
          query,
        );
      }
    }
    seen.add(variant);
    (out[variant] as CounterSums)[counter] += r.increase;
  }
  const missing = variants.filter((v) => !seen.has(v));
  if (missing.length > 0) {
    throw new NotFoundError(`Prometheus returned no outcome samples for variant ${missing.join(' and ')}`, {
      hint: `query ${query}; check the prompt, variant and selector labels and that the application is scraped`,
    });
  }
  for (const v of variants) {
    const why = inconsistency(out[v] as CounterSums);
    if (why)
      throw new GateDataError(`Prometheus outcome counters of variant ${v} are inconsistent: ${why}`, query);
  }
  return out;
}
