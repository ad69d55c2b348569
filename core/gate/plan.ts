import type { GateConfig } from './config.ts';
import { OUTCOME_METRICS } from './outcome-metrics.ts';

/**
 * How far before the window's start the query reaches, to find each series' baseline sample (the last one
 * before the window). Prometheus's own staleness period: a series without a sample for this long is gone.
 */
export const BASELINE_LOOKBACK_SECONDS = 300;

/** What the gate asks Prometheus: one range-vector query, evaluated at one instant, for every counter. */
export type GateQueryPlan = {
  /** PromQL: `{__name__=~"evohub_outcome_…", prompt="…", variant=~"…"}[<window + lookback>s]`. */
  query: string;
  /** Evaluation time (unix seconds): every counter is read at the same instant, so they stay consistent. */
  time: number;
  /** Samples after this instant count; the one at or before it is the baseline. */
  windowStart: number;
};

/** PromQL string literal (double-quoted, backslash escapes). */
export function promString(value: string): string {
  return JSON.stringify(value);
}

function regexEscape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function planGateQuery(
  config: GateConfig,
  nowSeconds: number,
  windowSeconds = config.windowSeconds,
): GateQueryPlan {
  const names = Object.values(OUTCOME_METRICS).map(regexEscape).join('|');
  const variants = config.variants.map((v) => regexEscape(v.name)).join('|');
  const matchers = [
    `__name__=~${promString(names)}`,
    `prompt=${promString(config.prompt)}`,
    `variant=~${promString(variants)}`,
    ...Object.entries(config.selector)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${promString(v)}`),
  ];
  const time = Math.floor(nowSeconds * 1000) / 1000;
  return {
    query: `{${matchers.join(',')}}[${windowSeconds + BASELINE_LOOKBACK_SECONDS}s]`,
    time,
    windowStart: time - windowSeconds,
  };
}
