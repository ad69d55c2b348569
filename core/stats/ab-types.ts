/**
 * The A/B analysis document (`evohub ab analyze`, `evohub gate`) and its report. `schemas/ab-input.schema.json`
 * is the source of truth for the input; these types mirror it. Estimators follow GrowthBook's gbstats.
 */

/** `one-sided` tests only "the variant is better" (direction-aware): CI limit on the other side is ±Infinity. */
export type Sided = 'two-sided' | 'one-sided';
/** `relative`: lift (B − A) / A with a delta-method variance; `absolute`: B − A. */
export type DifferenceType = 'relative' | 'absolute';
/** `sequential` = always-valid confidence sequences (safe to peek); `bayesian` = Gaussian prior on the effect. */
export type AbMethod = 'frequentist' | 'sequential' | 'bayesian';
export type CorrectionMethod = 'none' | 'holm-bonferroni' | 'benjamini-hochberg';
export type MetricType = 'proportion' | 'mean' | 'ratio';
export type MetricDirection = 'higher' | 'lower';

/** Prior on the effect (on the relative scale, as gbstats' default prior_type). Improper/flat unless `proper`. */
export type GaussianPrior = { proper: boolean; mean: number; variance: number };

export type AbSettings = {
  /** Significance level (frequentist, sequential) or 1 − credibility (bayesian). Default 0.05. */
  alpha: number;
  sided: Sided;
  difference: DifferenceType;
  method: AbMethod;
  /** Sequential testing: the sample size (both arms) at which the confidence sequence is tightest. Default 5000. */
  sequentialTuning: number;
  prior: GaussianPrior;
  correction: CorrectionMethod;
  /** SRM χ² p-value below which the experiment is declared broken. Default 0.001. */
  srmThreshold: number;
};

/** Summary of a sample: count, sum and sum of squares of the per-unit values. */
export type MomentSums = { sum: number; sumSquares: number };

/** Proportion metric: `sum` is the number of units that converted (each unit 0 or 1). */
export type ProportionStats = {
  /** Units; defaults to the variant's `users`. */
  n?: number;
  sum: number;
  /** CUPED: the same metric in the pre-period (a proportion too), and Σ post·pre over units. */
  pre?: { sum: number };
  sumProducts?: number;
};

/** Mean metric: per-unit values summed, and summed squared. */
export type MeanStats = {
  n?: number;
  sum: number;
  sumSquares: number;
  /** CUPED: pre-period sums of the same metric and Σ post·pre over units. */
  pre?: MomentSums;
  sumProducts?: number;
};

/** Ratio metric (e.g. cost per request): numerator and denominator per unit; delta method. */
export type RatioStats = {
  n?: number;
  numerator: MomentSums;
  denominator: MomentSums;
  /** Σ numerator·denominator over units. */
  sumProducts: number;
  /** CUPED: the same numerator and denominator in the pre-period, with their Σ numerator·denominator. */
  pre?: { numerator: MomentSums; denominator: MomentSums; sumProducts: number };
  /** CUPED: Σ over units of post × pre products. */
  postPre?: RatioPostPreProducts;
};

export type RatioPostPreProducts = {
  /** Σ numerator_post · numerator_pre */
  numerator: number;
  /** Σ denominator_post · denominator_pre */
  denominator: number;
  /** Σ numerator_post · denominator_pre */
  numeratorPostDenominatorPre: number;
  /** Σ numerator_pre · denominator_post */
  numeratorPreDenominatorPost: number;
};

export type MetricStats = ProportionStats | MeanStats | RatioStats;

export type AbVariantInput = {
  name: string;
  users: number;
  /** Expected share of traffic (any positive scale; normalised). Default: equal split. */
  weight?: number;
};

export type AbMetricInput = {
  name: string;
  type: MetricType;
  /** Which way is better. Default `higher`. */
  direction?: MetricDirection;
  /** The metric the ship decision rests on. If no metric is marked, the first one is primary. */
  primary?: boolean;
  /** Non-inferiority check: the variant may be worse by at most `margin` (relative, e.g. 0.05 = 5 %). */
  guardrail?: { margin: number };
  /** Use CUPED regression adjustment (needs `pre` and `sumProducts` — ratio: `pre` and `postPre` — for every variant). */
  cuped?: boolean;
  /** Summary statistics keyed by variant name; every variant must be present. */
  stats: Record<string, MetricStats>;
};

export type AbInput = {
  settings?: Partial<Omit<AbSettings, 'prior'>> & { prior?: Partial<GaussianPrior> };
  /** The first variant is the baseline (control / stable). */
  variants: AbVariantInput[];
  metrics: AbMetricInput[];
};

/** [lower, upper]; a one-sided interval has −Infinity or +Infinity on one side (JSON output: null). */
export type Interval = [number, number];

export type Outcome = 'better' | 'worse' | 'inconclusive';
export type GuardrailVerdict = 'pass' | 'fail' | 'inconclusive';

export type VariantMetricResult = {
  variant: string;
  n: number;
  /** Unadjusted mean of this variant (ratio: Σnum / Σden). */
  mean: number;
  /** Lift (relative) or difference (absolute) versus the baseline; CUPED-adjusted when `cuped`. */
  estimate: number;
  stdError: number;
  ci: Interval;
  /** Frequentist / sequential: the p-value after correction (null if it could not be computed). */
  pValue?: number | null;
  /** The p-value before multiple-comparison correction. */
  rawPValue?: number | null;
  /** Bayesian: P(variant is better), direction-aware. */
  chanceToWin?: number;
  /** Bayesian: expected loss [if we keep the baseline, if we ship the variant], on the `difference` scale. */
  risk?: [number, number];
  /** The interval excludes 0 (frequentist/sequential) or chance to win ≥ 1 − alpha or ≤ alpha (bayesian). */
  significant: boolean;
  outcome: Outcome;
  guardrail?: { margin: number; verdict: GuardrailVerdict };
  /** Why no inference was possible (zero variance, no users, zero baseline); the result is then uninformative. */
  error?: string;
};

export type MetricReport = {
  name: string;
  type: MetricType;
  direction: MetricDirection;
  primary: boolean;
  guardrail?: { margin: number };
  cuped: boolean;
  /** CUPED θ pooled across baseline and variant (per comparison); absent when not adjusted. */
  theta?: number[];
  baseline: { variant: string; n: number; mean: number };
  variants: VariantMetricResult[];
};

export type SrmReport = {
  pValue: number;
  threshold: number;
  passed: boolean;
  variants: { name: string; users: number; expectedShare: number; observedShare: number }[];
};

/**
 * `srm-failed`: traffic split is not what was configured; results are not trustworthy (treat as rollback).
 * `rollback`: a primary metric is significantly worse or a guardrail failed, for every variant.
 * `ship`: some variant is significantly better on every primary metric and passes every guardrail.
 * `continue`: not enough evidence yet.
 */
export type AbDecision = 'ship' | 'rollback' | 'continue' | 'srm-failed';

export type VariantVerdict = { variant: string; decision: Exclude<AbDecision, 'srm-failed'>; reason: string };

export type AbReport = {
  settings: AbSettings;
  baseline: string;
  srm: SrmReport;
  metrics: MetricReport[];
  verdicts: VariantVerdict[];
  decision: AbDecision;
  /** The variant to ship when `decision` is `ship` (the best primary estimate among those that qualify). */
  winner?: string;
  reason: string;
};
