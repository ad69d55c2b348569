/**
 * `analyzeExperiment`: SRM first, then every metric × non-baseline variant with the chosen method, then
 * multiple-comparison correction, guardrail verdicts and the decision. Pure: input document in, report out.
 */
import { ValidationError } from '../errors.ts';
import type {
  AbInput,
  AbMetricInput,
  AbReport,
  AbSettings,
  GuardrailVerdict,
  Interval,
  MeanStats,
  MetricDirection,
  MetricReport,
  MetricStats,
  Outcome,
  ProportionStats,
  RatioStats,
  SrmReport,
  VariantMetricResult,
} from './ab-types.ts';
import { adjustedInterval, corrections } from './corrections.ts';
import { decide } from './decision.ts';
import { checkAbInput } from './input-checks.ts';
import { getAbMethod, type TestSide } from './methods/index.ts';
import { resolveSettings } from './settings.ts';
import { checkSrm } from './srm.ts';
import {
  type BaseStatistic,
  type SampleMeanStatistic,
  statUnadjustedMean,
  type TestStatistic,
  withPooledTheta,
} from './statistics.ts';

/** Builds gbstats' statistic for one variant of one metric. */
export function toStatistic(metric: AbMetricInput, stats: MetricStats, users: number): TestStatistic {
  const n = stats.n ?? users;
  if (metric.type === 'ratio') {
    const r = stats as RatioStats;
    const numerator: SampleMeanStatistic = {
      kind: 'sample-mean',
      n,
      sum: r.numerator.sum,
      sumSquares: r.numerator.sumSquares,
    };
    const denominator: SampleMeanStatistic = {
      kind: 'sample-mean',
      n,
      sum: r.denominator.sum,
      sumSquares: r.denominator.sumSquares,
    };
    if (metric.cuped && r.pre && r.postPre) {
      return {
        kind: 'ratio-regression-adjusted',
        n,
        mPost: numerator,
        dPost: denominator,
        mPre: { kind: 'sample-mean', n, sum: r.pre.numerator.sum, sumSquares: r.pre.numerator.sumSquares },
        dPre: {
          kind: 'sample-mean',
          n,
          sum: r.pre.denominator.sum,
          sumSquares: r.pre.denominator.sumSquares,
        },
        mPostMPre: r.postPre.numerator,
        dPostDPre: r.postPre.denominator,
        mPreDPre: r.pre.sumProducts,
        mPostDPost: r.sumProducts,
        mPostDPre: r.postPre.numeratorPostDenominatorPre,
        mPreDPost: r.postPre.numeratorPreDenominatorPost,
        theta: 0,
      };
    }
    return { kind: 'ratio', n, numerator, denominator, sumProducts: r.sumProducts };
  }
  let post: BaseStatistic;
  let pre: BaseStatistic | undefined;
  if (metric.type === 'proportion') {
    const p = stats as ProportionStats;
    post = { kind: 'proportion', n, sum: p.sum };
    if (p.pre) pre = { kind: 'proportion', n, sum: p.pre.sum };
  } else {
    const m = stats as MeanStats;
    post = { kind: 'sample-mean', n, sum: m.sum, sumSquares: m.sumSquares };
    if (m.pre) pre = { kind: 'sample-mean', n, sum: m.pre.sum, sumSquares: m.pre.sumSquares };
  }
  const sumProducts = (stats as MeanStats).sumProducts;
  if (!metric.cuped || !pre || sumProducts === undefined) return post;
  return { kind: 'regression-adjusted', n, post, pre, postPreSumProducts: sumProducts, theta: 0 };
}

function srmReport(input: AbInput, threshold: number): SrmReport {
  const users = input.variants.map((v) => v.users);
  const weights = input.variants.map((v) => v.weight ?? 1);
  const totalUsers = users.reduce((s, u) => s + u, 0);
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  const pValue = checkSrm(users, weights);
  return {
    pValue,
    threshold,
    passed: pValue >= threshold,
    variants: input.variants.map((v, i) => ({
      name: v.name,
      users: v.users,
      expectedShare: (weights[i] ?? 0) / totalWeight,
      observedShare: totalUsers === 0 ? 0 : v.users / totalUsers,
    })),
  };
}

function testSide(settings: AbSettings, direction: MetricDirection, guardrail: boolean): TestSide {
  // Guardrails need both ends of the interval (pass and fail), so they are always analysed two-sided.
  if (guardrail || settings.sided === 'two-sided') return 'two-sided';
  return direction === 'higher' ? 'greater' : 'lesser';
}

function excludesZero(ci: Interval): boolean {
  return ci[0] > 0 || ci[1] < 0;
}

function outcomeOf(r: VariantMetricResult, direction: MetricDirection, settings: AbSettings): Outcome {
  if (r.error) return 'inconclusive';
  if (r.chanceToWin !== undefined) {
    if (r.chanceToWin >= 1 - settings.alpha) return 'better';
    if (r.chanceToWin <= settings.alpha) return 'worse';
    return 'inconclusive';
  }
  if (!r.significant) return 'inconclusive';
  return r.estimate > 0 === (direction === 'higher') ? 'better' : 'worse';
}

/**
 * Non-inferiority: the variant may be worse by at most `margin` (relative; scaled by the baseline mean for
 * absolute differences). Pass when the whole interval is on the acceptable side of −margin, fail when the
 * whole interval is beyond it, inconclusive otherwise.
 */
export function guardrailVerdict(
  ci: Interval,
  margin: number,
  direction: MetricDirection,
  relative: boolean,
  baselineMean: number,
): GuardrailVerdict {
  const m = relative ? margin : margin * Math.abs(baselineMean);
  if (direction === 'higher') {
    if (ci[0] > -m) return 'pass';
    if (ci[1] < -m) return 'fail';
    return 'inconclusive';
  }
  if (ci[1] < m) return 'pass';
  if (ci[0] > m) return 'fail';
  return 'inconclusive';
}

function primaryFlags(metrics: readonly AbMetricInput[]): boolean[] {
  const anyFlagged = metrics.some((m) => m.primary);
  return metrics.map((m, i) => (anyFlagged ? m.primary === true : i === 0));
}

/** Analyses an A/B document: SRM, per-metric inference with the configured method, corrections, decision. */
export function analyzeExperiment(input: AbInput): AbReport {
  const problems = checkAbInput(input);
  if (problems.length > 0) {
    throw new ValidationError(
      problems.map((p) => ({ location: { file: '<input>', field: p.pointer }, message: p.message })),
    );
  }
  const settings = resolveSettings(input.settings);
  const method = getAbMethod(settings.method);
  const relative = settings.difference === 'relative';
  const [baselineVariant, ...others] = input.variants;
  if (!baselineVariant)
    throw new ValidationError([
      { location: { file: '<input>', field: '/variants' }, message: 'no variants' },
    ]);
  const primaries = primaryFlags(input.metrics);

  const metrics: MetricReport[] = input.metrics.map((metric, mi) => {
    const direction = metric.direction ?? 'higher';
    const isGuardrail = metric.guardrail !== undefined;
    const baselineStats = metric.stats[baselineVariant.name]!;
    const baselineStat = toStatistic(metric, baselineStats, baselineVariant.users);
    const thetas: number[] = [];
    const variants = others.map((variant): VariantMetricResult => {
      const variantStat = toStatistic(metric, metric.stats[variant.name]!, variant.users);
      const pair = withPooledTheta(baselineStat, variantStat);
      if (pair.theta !== undefined) thetas.push(pair.theta);
      const c = method.compare(pair.a, pair.b, {
        alpha: settings.alpha,
        side: testSide(settings, direction, isGuardrail),
        relative,
        sequentialTuning: settings.sequentialTuning,
        prior: settings.prior,
        inverse: direction === 'lower',
      });
      // Key order is the order of the JSON report: effect, then the method's figures, then the verdicts.
      return {
        variant: variant.name,
        n: variantStat.n,
        mean: statUnadjustedMean(variantStat),
        estimate: c.estimate,
        stdError: c.stdError,
        ci: c.ci,
        ...(c.pValue !== undefined && { pValue: c.pValue }),
        ...(c.chanceToWin !== undefined && { chanceToWin: c.chanceToWin }),
        ...(c.risk !== undefined && { risk: c.risk }),
        significant: false,
        outcome: 'inconclusive',
        ...(c.error !== undefined && { error: c.error }),
      };
    });
    const report: MetricReport = {
      name: metric.name,
      type: metric.type,
      direction,
      primary: primaries[mi] ?? false,
      cuped: metric.cuped === true,
      baseline: { variant: baselineVariant.name, n: baselineStat.n, mean: statUnadjustedMean(baselineStat) },
      variants,
    };
    if (metric.guardrail) report.guardrail = { margin: metric.guardrail.margin };
    if (metric.cuped) report.theta = thetas;
    return report;
  });

  applyCorrection(metrics, settings, method.producesPValues);

  for (const m of metrics) {
    for (const r of m.variants) {
      r.significant = r.error
        ? false
        : r.chanceToWin !== undefined
          ? r.chanceToWin >= 1 - settings.alpha || r.chanceToWin <= settings.alpha
          : excludesZero(r.ci) &&
            (r.pValue == null || r.rawPValue === undefined || r.pValue < settings.alpha);
      r.outcome = outcomeOf(r, m.direction, settings);
      if (m.guardrail) {
        const verdict = r.error
          ? 'inconclusive'
          : guardrailVerdict(r.ci, m.guardrail.margin, m.direction, relative, m.baseline.mean);
        r.guardrail = { margin: m.guardrail.margin, verdict };
      }
    }
  }

  const srm = srmReport(input, settings.srmThreshold);
  return {
    settings,
    baseline: baselineVariant.name,
    srm,
    metrics,
    ...decide(
      metrics,
      srm,
      others.map((v) => v.name),
    ),
  };
}

/** Adjusts p-values over every (variant, non-guardrail metric) pair; widens two-sided fixed-horizon intervals. */
function applyCorrection(metrics: MetricReport[], settings: AbSettings, producesPValues: boolean): void {
  if (settings.correction === 'none' || !producesPValues) return;
  const targets = metrics
    .filter((m) => !m.guardrail)
    .flatMap((m) => m.variants.filter((r) => typeof r.pValue === 'number' && !r.error));
  if (targets.length === 0) return;
  const adjusted = corrections[settings.correction].adjust(targets.map((r) => r.pValue as number));
  targets.forEach((r, i) => {
    const p = adjusted[i]!;
    r.rawPValue = r.pValue as number;
    r.pValue = p;
    if (settings.method === 'frequentist' && settings.sided === 'two-sided') {
      r.ci = adjustedInterval(p, r.estimate, settings.alpha, r.ci);
    }
  });
}
