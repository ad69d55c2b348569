/**
 * The canary gate, pure: read `gate.yaml` into a config, plan the Prometheus query, turn raw counter samples
 * into exact per-variant sums and an A/B document, and decide promote / rollback / continue from the
 * statistics of `core/stats`. The CLI (`cli/gate/`) performs the HTTP calls and prints the result.
 */
export {
  durationSeconds,
  type GateConfig,
  type GateMetricName,
  type GateVariant,
  parseGateConfig,
  parseWindowFlag,
  withCanaryWeight,
} from './config.ts';
export {
  buildGateAbInput,
  decideGate,
  type GateCheck,
  type GateDecision,
  type GateMetricResult,
  type GateResult,
} from './decide.ts';
export { type CounterSums, GATE_METRICS, type GateMetric, gateMetric } from './gate-metrics.ts';
export { checkMatrix } from './matrix.ts';
export { OUTCOME_LABELS, OUTCOME_METRICS, type OutcomeCounter } from './outcome-metrics.ts';
export { BASELINE_LOOKBACK_SECONDS, type GateQueryPlan, planGateQuery, promString } from './plan.ts';
export {
  type CounterIncrease,
  counterIncrease,
  exactIncrease,
  GateDataError,
  type PromSeries,
  seriesName,
  sumsByVariant,
  zeroSums,
} from './samples.ts';
