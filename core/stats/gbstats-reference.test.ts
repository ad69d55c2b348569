/**
 * Our estimators against the expected numbers in gbstats' own tests (growthbook/growthbook,
 * packages/stats/tests/...). gbstats rounds to 5 decimals before comparing, so we assert |ours − theirs| ≤ 1e-5
 * where they give rounded values, and tighter where they give full-precision ones.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseAbInput } from './ab-input.ts';
import { analyzeExperiment } from './analyze.ts';
import type { CompareOptions, Comparison } from './methods/index.ts';
import { abMethods } from './methods/index.ts';
import { checkSrm } from './srm.ts';
import {
  type BaseStatistic,
  type ProportionStatistic,
  type RegressionAdjustedStatistic,
  type SampleMeanStatistic,
  withPooledTheta,
} from './statistics.ts';

const mean = (sum: number, sumSquares: number, n: number): SampleMeanStatistic => ({
  kind: 'sample-mean',
  n,
  sum,
  sumSquares,
});
const prop = (sum: number, n: number): ProportionStatistic => ({ kind: 'proportion', n, sum });
const cuped = (
  post: BaseStatistic,
  pre: BaseStatistic,
  sumProducts: number,
): RegressionAdjustedStatistic => ({
  kind: 'regression-adjusted',
  n: post.n,
  post,
  pre,
  postPreSumProducts: sumProducts,
  theta: 0,
});

const base: CompareOptions = {
  alpha: 0.05,
  side: 'two-sided',
  relative: true,
  sequentialTuning: 5000,
  prior: { proper: false, mean: 0, variance: 1 },
  inverse: false,
};

// gbstats rounds results with np.round(x, 5); allow the rounding plus float noise.
const ROUNDED = 5.0000001e-6;

function near(actual: number | null | undefined, expected: number, tol = ROUNDED, what = ''): void {
  assert.ok(typeof actual === 'number', `${what}: expected a number, got ${actual}`);
  if (!Number.isFinite(expected)) {
    assert.equal(actual, expected, what);
    return;
  }
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: ${actual} differs from ${expected} by more than ${tol}`,
  );
}

type Expected = { estimate: number; ci: [number, number]; stdError: number; pValue?: number; tol?: number };

function check(c: Comparison, e: Expected): void {
  assert.equal(c.error, undefined, `unexpected error: ${c.error}`);
  const tol = e.tol ?? ROUNDED;
  near(c.estimate, e.estimate, tol, 'estimate');
  near(c.ci[0], e.ci[0], tol, 'ci lower');
  near(c.ci[1], e.ci[1], tol, 'ci upper');
  near(c.stdError, e.stdError, tol, 'standard error');
  if (e.pValue !== undefined) near(c.pValue, e.pValue, tol, 'p-value');
}

// tests/frequentist/test_tests.py, TestTwoSidedTTest.setUp
const A = mean(1396.87, 52377.9767, 3407);
const B = mean(2422.7, 134698.29, 3461);
// TestSequentialTTest / TestOneSided*.setUp use n = 3000 for the control
const A3000 = mean(1396.87, 52377.9767, 3000);

describe('frequentist (tests/frequentist/test_tests.py)', () => {
  const f = abMethods.frequentist;
  test('TestTwoSidedTTest.test_two_sided_ttest', () => {
    check(f.compare(A, B, base), {
      estimate: 0.70732,
      ci: [-0.03526, 1.44989],
      stdError: 0.37879,
      pValue: 0.06191,
    });
  });
  test('TestTwoSidedTTest.test_two_sided_ttest_absolute', () => {
    check(f.compare(A, B, { ...base, relative: false }), {
      estimate: 0.29,
      ci: [0.04538, 0.53462],
      stdError: 0.12478,
      pValue: 0.02016,
    });
  });
  test('TestTwoSidedTTest.test_two_sided_ttest_binom', () => {
    check(f.compare(prop(14, 28), prop(16, 30), base), {
      estimate: (16 / 30 - 0.5) / 0.5,
      ci: [-0.47767, 0.61101],
      stdError: 0.2717,
      pValue: 0.80707,
    });
  });
  test('TestTwoSidedTTest.test_two_sided_ttest_missing_variance: n = 2 with negative variance → default output', () => {
    const c = f.compare(mean(1396.87, 52377.9767, 2), B, base);
    assert.match(c.error ?? '', /variance/);
    assert.deepEqual([c.estimate, c.ci, c.pValue, c.stdError], [0, [0, 0], 1, 0]);
  });
  const full = 1e-9;
  test('TestOneSidedGreaterTTest.test_one_sided_ttest', () => {
    check(f.compare(A3000, B, { ...base, side: 'greater' }), {
      estimate: 0.5033610858562358,
      ci: [-0.045136675850396046, Number.POSITIVE_INFINITY],
      stdError: 0.3334122146400735,
      pValue: 0.06558262868467746,
      tol: full,
    });
  });
  test('TestOneSidedGreaterTTest.test_one_sided_ttest_absolute', () => {
    check(f.compare(A3000, B, { ...base, side: 'greater', relative: false }), {
      estimate: 0.23437666666666668,
      ci: [0.020791480063255735, Number.POSITIVE_INFINITY],
      stdError: 0.12983081254184736,
      pValue: 0.03554272489873023,
      tol: full,
    });
  });
  test('TestOneSidedLesserTTest.test_one_sided_ttest', () => {
    check(f.compare(A3000, B, { ...base, side: 'lesser' }), {
      estimate: 0.5033610858562358,
      ci: [Number.NEGATIVE_INFINITY, 1.0518588475628676],
      stdError: 0.3334122146400735,
      pValue: 0.9344173713153225,
      tol: full,
    });
  });
  test('TestOneSidedLesserTTest.test_one_sided_ttest_absolute', () => {
    check(f.compare(A3000, B, { ...base, side: 'lesser', relative: false }), {
      estimate: 0.23437666666666668,
      ci: [Number.NEGATIVE_INFINITY, 0.44796185327007765],
      stdError: 0.12983081254184736,
      pValue: 0.9644572751012698,
      tol: full,
    });
  });
});

describe('sequential (tests/frequentist/test_tests.py)', () => {
  const s = abMethods.sequential;
  test('TestSequentialTTest.test_sequential_test_runs (tuning 1000)', () => {
    check(s.compare(A3000, B, { ...base, sequentialTuning: 1000 }), {
      estimate: 0.50336,
      ci: [-0.55844, 1.56516],
      stdError: 0.33341,
      pValue: 1,
    });
  });
  test('TestSequentialTTest.test_sequential_test_runs_prop', () => {
    check(s.compare(prop(1396, 3000), prop(2422, 3461), base), {
      estimate: 0.50386,
      ci: [0.40098, 0.60675],
      stdError: 0.03386,
      pValue: 0,
    });
  });
  test('TestSequentialTTest.test_sequential_test_runs_ra (CUPED, pooled theta)', () => {
    const pair = withPooledTheta(
      cuped(A3000, mean(16.87, 527.9767, 3000), 1),
      cuped(B, mean(22.7, 1348.29, 3461), 1),
    );
    check(s.compare(pair.a, pair.b, base), {
      estimate: 0.50338,
      ci: [-0.50969, 1.51646],
      stdError: 0.33341,
      pValue: 1,
    });
  });
  test('TestSequentialTTest.test_sequential_test_tuning_as_expected', () => {
    const ci = (tuning: number) => s.compare(A3000, B, { ...base, sequentialTuning: tuning }).ci;
    const below = ci(10);
    const near6461 = ci(6461);
    const above = ci(10000);
    assert.ok(below[0] < above[0] && below[1] > above[1]);
    assert.ok(below[0] < near6461[0] && below[1] > near6461[1]);
    assert.ok(above[0] < near6461[0] && above[1] > near6461[1]);
  });
  const full = 1e-9;
  test('TestSequentialOneSidedGreaterTTest.test_one_sided_ttest', () => {
    check(s.compare(A3000, B, { ...base, side: 'greater' }), {
      estimate: 0.5033610858562358,
      ci: [-0.42356454602790883, Number.POSITIVE_INFINITY],
      stdError: 0.3334122146400735,
      pValue: 0.4999,
      tol: full,
    });
  });
  test('TestSequentialOneSidedGreaterTTest.test_one_sided_ttest_absolute (bisection p-value)', () => {
    check(s.compare(A3000, B, { ...base, side: 'greater', relative: false }), {
      estimate: 0.23437666666666668,
      ci: [-0.12656844172804982, Number.POSITIVE_INFINITY],
      stdError: 0.12983081254184736,
      pValue: 0.46316491943359384,
      tol: full,
    });
  });
  test('TestSequentialOneSidedLesserTTest.test_one_sided_ttest', () => {
    check(s.compare(A3000, B, { ...base, side: 'lesser' }), {
      estimate: 0.5033610858562358,
      ci: [Number.NEGATIVE_INFINITY, 1.4302867177403806],
      stdError: 0.3334122146400735,
      pValue: 0.4999,
      tol: full,
    });
  });
  test('TestSequentialOneSidedLesserTTest.test_one_sided_ttest_absolute', () => {
    check(s.compare(A3000, B, { ...base, side: 'lesser', relative: false }), {
      estimate: 0.23437666666666668,
      ci: [Number.NEGATIVE_INFINITY, 0.5953217750613832],
      stdError: 0.12983081254184736,
      pValue: 0.4999,
      tol: full,
    });
  });
});

describe('bayesian (tests/bayesian/test_tests.py)', () => {
  const b = abMethods.bayesian;
  test('TestBinom.test_bayesian_binomial_ab_test', () => {
    const c = b.compare(prop(49, 100), prop(51, 100), base);
    check(c, { estimate: 0.04082, ci: [-0.24779, 0.32943], stdError: 0.14725 });
    near(c.chanceToWin, 0.60918, ROUNDED, 'chance to win');
    near(c.risk?.[0], 0.0814, ROUNDED, 'risk control');
    near(c.risk?.[1], 0.04058, ROUNDED, 'risk treatment');
  });
  test('TestBinom.test_missing_data', () => {
    const c = b.compare(prop(0, 0), prop(0, 0), base);
    assert.equal(c.chanceToWin, 0.5);
    assert.equal(c.estimate, 0);
  });
  const N1 = mean(100, 1002.25, 10);
  const N2 = mean(105, 1111.5, 10);
  test('TestNorm.test_bayesian_gaussian_ab_test (flat prior)', () => {
    const c = b.compare(N1, N2, base);
    check(c, { estimate: 0.05, ci: [-0.02, 0.12], stdError: 0.03572 });
    near(c.chanceToWin, 0.91923, ROUNDED, 'chance to win');
    near(c.risk?.[0], 0.05131, ROUNDED, 'risk control');
    near(c.risk?.[1], 0.00131, ROUNDED, 'risk treatment');
  });
  test('TestNorm.test_bayesian_gaussian_ab_test_informative (proper prior N(0.1, 0.1))', () => {
    const c = b.compare(N1, N2, { ...base, prior: { proper: true, mean: 0.1, variance: 0.1 } });
    check(c, { estimate: 0.05063, ci: [-0.01893, 0.12019], stdError: 0.03549 });
    near(c.chanceToWin, 0.92315, ROUNDED, 'chance to win');
    near(c.risk?.[0], 0.05186, ROUNDED, 'risk control');
    near(c.risk?.[1], 0.00123, ROUNDED, 'risk treatment');
  });
  test('TestNorm.test_missing_data', () => {
    const c = b.compare(mean(0, 0, 0), mean(0, 0, 0), base);
    assert.equal(c.chanceToWin, 0.5);
    assert.equal(c.estimate, 0);
  });
  test('TestGaussianEffectRelativeAbsolutePriors: rescaled prior keeps the chance to win close', () => {
    const c = mean(1000, 200000, 100);
    const t = mean(1100, 200005, 100);
    const prior = { proper: true, mean: 1, variance: 1 };
    const abs = b.compare(c, t, { ...base, relative: false, prior });
    const rel = b.compare(c, t, { ...base, relative: true, prior });
    assert.ok(Math.abs((abs.chanceToWin ?? 0) - (rel.chanceToWin ?? 1)) < 0.005);
  });
  test('lower-is-better flips chance to win and risk (gbstats inverse)', () => {
    const up = b.compare(N1, N2, base);
    const down = b.compare(N1, N2, { ...base, inverse: true });
    near(down.chanceToWin, 1 - (up.chanceToWin ?? 0), 1e-12, 'inverse chance to win');
    assert.deepEqual(down.risk, [up.risk?.[1], up.risk?.[0]]);
  });
});

describe('SRM (tests/test_gbstats.py)', () => {
  test('test_srm: check_srm([1000, 1200], [0.5, 0.5]) = 0.000020079 (9 decimals)', () => {
    near(checkSrm([1000, 1200], [0.5, 0.5]), 0.000020079, 5e-10, 'srm p-value');
  });
});

describe('ratio CUPED (tests/frequentist/test_tests.py), through the JSON input', () => {
  // test/fixtures/ab/ratio-cuped.json holds the RegressionAdjustedRatioStatistic pair of these two tests.
  const file = new URL('../../test/fixtures/ab/ratio-cuped.json', import.meta.url);
  const doc = parseAbInput(readFileSync(file, 'utf8'), 'ratio-cuped.json');
  test('TestTwoSidedTTest.test_two_sided_ttest_test_runs_ratio_ra', () => {
    const r = analyzeExperiment(doc).metrics[0]!;
    assert.equal(r.theta?.length, 1);
    const v = r.variants[0]!;
    near(v.estimate, -0.0007, ROUNDED, 'estimate');
    near(v.ci[0], -0.00841, ROUNDED, 'ci lower');
    near(v.ci[1], 0.007, ROUNDED, 'ci upper');
    near(v.stdError, 0.00391, ROUNDED, 'se');
    near(v.pValue, 0.85771, ROUNDED, 'p');
  });
  test('TestSequentialTTest.test_sequential_test_runs_ratio_ra', () => {
    const v = analyzeExperiment({ ...doc, settings: { method: 'sequential' } }).metrics[0]!.variants[0]!;
    near(v.estimate, -0.0007, ROUNDED, 'estimate');
    near(v.ci[0], -0.02063, ROUNDED, 'ci lower');
    near(v.ci[1], 0.01923, ROUNDED, 'ci upper');
    near(v.stdError, 0.00391, ROUNDED, 'se');
    near(v.pValue, 1, ROUNDED, 'p');
  });
  test('without cuped the same data gives the plain delta-method ratio (wider interval)', () => {
    const plain = analyzeExperiment({ ...doc, metrics: [{ ...doc.metrics[0]!, cuped: false }] }).metrics[0]!;
    assert.equal(plain.theta, undefined);
    assert.ok(plain.variants[0]!.stdError > 0.00391);
  });
});
