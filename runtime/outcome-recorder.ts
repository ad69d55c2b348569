import { Counter, type Registry } from 'prom-client';
import { ConfigError } from '../core/errors.ts';
import {
  OUTCOME_LABELS,
  OUTCOME_METRIC_HELP,
  OUTCOME_METRICS,
  type OutcomeCounter,
} from '../core/gate/outcome-metrics.ts';

export type Outcome = {
  /** Prompt name (label `prompt`). */
  prompt: string;
  /** Prompt version (label `version`), e.g. `String(loaded.version)`. */
  version: string | number;
  success: boolean;
  latencyMs: number;
  costUsd: number;
  /** Optional quality rating (e.g. thumbs 0/1 or stars 1–5). */
  rating?: number;
};

export type OutcomeRecorder = {
  record(outcome: Outcome): void;
};

export type OutcomeRecorderOptions = {
  /** The prom-client registry the application exposes on `/metrics`. */
  registry: Registry;
  /**
   * The `variant` label, e.g. `stable` or `canary`; a function is asked on every record (in Kubernetes a pod
   * turns from canary into stable on promotion: see `variantFromPodLabels`).
   */
  variant: string | (() => string);
};

type Counters = Record<OutcomeCounter, Counter<(typeof OUTCOME_LABELS)[number]>>;

/**
 * Records request outcomes as prom-client counters labelled `prompt`, `version`, `variant`, holding counts,
 * sums and sums of squares so that `evohub gate` recovers exact summary statistics. Several recorders (say, a
 * stable and a canary variant served by one process) may share one registry: the counters are registered once.
 */
export function createOutcomeRecorder(options: OutcomeRecorderOptions): OutcomeRecorder {
  const { registry, variant } = options;
  if (!variant)
    throw new ConfigError('createOutcomeRecorder: `variant` must be a non-empty string or a function');
  const variantNow = typeof variant === 'function' ? variant : () => variant;
  const counters = {} as Counters;
  for (const key of Object.keys(OUTCOME_METRICS) as OutcomeCounter[])
    counters[key] = counterIn(registry, key);

  return {
    record(outcome: Outcome): void {
      checkOutcome(outcome);
      const labels = { prompt: outcome.prompt, version: String(outcome.version), variant: variantNow() };
      const seconds = outcome.latencyMs / 1000;
      const rating = outcome.rating ?? 0;
      counters.requests.inc(labels, 1);
      // Zero increments still create the series, so every variant exposes every counter from the first outcome.
      counters.success.inc(labels, outcome.success ? 1 : 0);
      counters.latencySum.inc(labels, seconds);
      counters.latencySumSquares.inc(labels, seconds * seconds);
      counters.costSum.inc(labels, outcome.costUsd);
      counters.costSumSquares.inc(labels, outcome.costUsd * outcome.costUsd);
      counters.ratingCount.inc(labels, outcome.rating === undefined ? 0 : 1);
      counters.ratingSum.inc(labels, rating);
      counters.ratingSumSquares.inc(labels, rating * rating);
    },
  };
}

function counterIn(registry: Registry, key: OutcomeCounter): Counter<(typeof OUTCOME_LABELS)[number]> {
  const name = OUTCOME_METRICS[key];
  const existing = registry.getSingleMetric(name);
  if (existing) {
    if (!(existing instanceof Counter)) {
      throw new ConfigError(`metric ${name} is already registered in this registry, but not as a counter`);
    }
    return existing as Counter<(typeof OUTCOME_LABELS)[number]>;
  }
  return new Counter({
    name,
    help: OUTCOME_METRIC_HELP[key],
    labelNames: OUTCOME_LABELS,
    registers: [registry],
  });
}

function checkOutcome(o: Outcome): void {
  const bad = (field: string, why: string) =>
    new ConfigError(`outcome.${field} ${why}`, {
      hint: 'record({prompt, version, success, latencyMs, costUsd, rating?})',
    });
  if (typeof o.prompt !== 'string' || o.prompt === '') throw bad('prompt', 'must be a non-empty string');
  if (typeof o.success !== 'boolean') throw bad('success', 'must be a boolean');
  if (!Number.isFinite(o.latencyMs) || o.latencyMs < 0) throw bad('latencyMs', 'must be a finite number ≥ 0');
  if (!Number.isFinite(o.costUsd) || o.costUsd < 0) throw bad('costUsd', 'must be a finite number ≥ 0');
  // Counters only go up, so a negative rating (whose square is fine but sum is not) cannot be recorded.
  if (o.rating !== undefined && (!Number.isFinite(o.rating) || o.rating < 0)) {
    throw bad('rating', 'must be a finite number ≥ 0');
  }
}
