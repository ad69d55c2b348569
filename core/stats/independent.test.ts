/**
 * Reference values computed independently: from per-unit data with textbook formulas (two-pass means and
 * variances, OLS slope for CUPED, linearisation for ratios, conjugate normal posterior, closed-form expected
 * loss), and hand-worked multiple-comparison adjustments. The library only ever sees the summary sums.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adjustedInterval, benjaminiHochberg, holmBonferroni } from './corrections.ts';
import {
  normalCdf,
  normalPdf,
  normalQuantile,
  normalSf,
  studentTQuantile,
  studentTSf,
} from './distributions.ts';
import { abMethods, type CompareOptions } from './methods/index.ts';
import { sequentialRho } from './methods/sequential.ts';
import { checkSrm } from './srm.ts';
import {
  computeTheta,
  type RegressionAdjustedStatistic,
  type SampleMeanStatistic,
  withPooledTheta,
} from './statistics.ts';

function close(actual: number | null | undefined, expected: number, tol = 1e-9, what = ''): void {
  assert.ok(typeof actual === 'number', `${what}: not a number`);
  assert.ok(
    Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs ${expected}`,
  );
}

/** Deterministic data (LCG + Box–Muller), so the reference is reproducible. */
function sample(seed: number, n: number, f: (z: () => number, u: () => number) => number): number[] {
  let s = seed;
  const u = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s + 0.5) / 2147483648;
  };
  const z = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return Array.from({ length: n }, () => f(z, u));
}

const avg = (x: readonly number[]) => x.reduce((s, v) => s + v, 0) / x.length;
function variance(x: readonly number[]): number {
  const m = avg(x);
  return x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1);
}
function covariance(x: readonly number[], y: readonly number[]): number {
  const mx = avg(x);
  const my = avg(y);
  return x.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0) / (x.length - 1);
}
function sums(x: readonly number[]): SampleMeanStatistic {
  return {
    kind: 'sample-mean',
    n: x.length,
    sum: x.reduce((s, v) => s + v, 0),
    sumSquares: x.reduce((s, v) => s + v * v, 0),
  };
}

const opts: CompareOptions = {
  alpha: 0.05,
  side: 'two-sided',
  relative: false,
  sequentialTuning: 5000,
  prior: { proper: false, mean: 0, variance: 1 },
  inverse: false,
};

const control = sample(7, 400, (z) => 10 + 3 * z());
const treatment = sample(11, 350, (z) => 10.6 + 4 * z());

describe('Welch t-test from raw data', () => {
  const va = variance(control) / control.length;
  const vb = variance(treatment) / treatment.length;
  const dof = (va + vb) ** 2 / (va ** 2 / (control.length - 1) + vb ** 2 / (treatment.length - 1));

  test('absolute difference: mean difference, √(s²ₐ/nₐ + s²ᵦ/nᵦ), Welch–Satterthwaite df', () => {
    const diff = avg(treatment) - avg(control);
    const se = Math.sqrt(va + vb);
    const c = abMethods.frequentist.compare(sums(control), sums(treatment), opts);
    close(c.estimate, diff, 1e-10, 'estimate');
    close(c.stdError, se, 1e-9, 'se');
    const half = studentTQuantile(0.975, dof) * se;
    close(c.ci[0], diff - half, 1e-9, 'lower');
    close(c.ci[1], diff + half, 1e-9, 'upper');
    close(c.pValue, 2 * studentTSf(Math.abs(diff / se), dof), 1e-9, 'p');
  });

  test('relative lift: delta method Var(B̄/Ā) = Var(B̄)/Ā² + B̄²Var(Ā)/Ā⁴', () => {
    const ma = avg(control);
    const mb = avg(treatment);
    const se = Math.sqrt(vb / ma ** 2 + (mb ** 2 * va) / ma ** 4);
    const c = abMethods.frequentist.compare(sums(control), sums(treatment), { ...opts, relative: true });
    close(c.estimate, (mb - ma) / ma, 1e-10, 'lift');
    close(c.stdError, se, 1e-9, 'se');
  });

  test('one-sided 90%: the bound equals the two-sided 80% bound; the other end is infinite', () => {
    const greater = abMethods.frequentist.compare(sums(control), sums(treatment), {
      ...opts,
      side: 'greater',
      alpha: 0.1,
    });
    const two80 = abMethods.frequentist.compare(sums(control), sums(treatment), { ...opts, alpha: 0.2 });
    close(greater.ci[0], two80.ci[0], 1e-12);
    assert.equal(greater.ci[1], Number.POSITIVE_INFINITY);
    close(
      greater.pValue,
      (two80.pValue ?? 0) / 2,
      1e-12,
      'one-sided p = two-sided p / 2 when the effect is positive',
    );
  });
});

describe('CUPED from raw data', () => {
  const preA = sample(3, 500, (z) => 20 + 5 * z());
  const preB = sample(5, 480, (z) => 20 + 5 * z());
  const noiseA = sample(13, 500, (z) => 2 * z());
  const noiseB = sample(17, 480, (z) => 2 * z());
  const postA = preA.map((x, i) => 0.8 * x + noiseA[i]!);
  const postB = preB.map((x, i) => 0.8 * x + 0.5 + noiseB[i]!);
  const stat = (post: number[], pre: number[]): RegressionAdjustedStatistic => ({
    kind: 'regression-adjusted',
    n: post.length,
    post: sums(post),
    pre: sums(pre),
    postPreSumProducts: post.reduce((s, v, i) => s + v * pre[i]!, 0),
    theta: 0,
  });

  test('θ is the OLS slope of post on pre over both arms pooled', () => {
    const post = [...postA, ...postB];
    const pre = [...preA, ...preB];
    close(computeTheta(stat(postA, preA), stat(postB, preB)), covariance(post, pre) / variance(pre), 1e-9);
  });

  test('proportions: θ is the OLS slope of converted-after on converted-before, pooled', () => {
    const before = sample(41, 900, (_z, u): number => (u() < 0.3 ? 1 : 0));
    const after = before.map((b, i): number =>
      sample(43 + i, 1, (_z, u) => u())[0]! < (b ? 0.6 : 0.2) ? 1 : 0,
    );
    const arm = (lo: number, hi: number): RegressionAdjustedStatistic => {
      const x = before.slice(lo, hi);
      const y = after.slice(lo, hi);
      return {
        kind: 'regression-adjusted',
        n: x.length,
        post: { kind: 'proportion', n: y.length, sum: y.reduce((s, v) => s + v, 0) },
        pre: { kind: 'proportion', n: x.length, sum: x.reduce((s, v) => s + v, 0) },
        postPreSumProducts: y.reduce((s, v, i) => s + v * x[i]!, 0),
        theta: 0,
      };
    };
    close(computeTheta(arm(0, 450), arm(450, 900)), covariance(after, before) / variance(before), 1e-12);
  });

  test('adjusted difference and its variance equal those of y − θx computed per unit', () => {
    const theta = covariance([...postA, ...postB], [...preA, ...preB]) / variance([...preA, ...preB]);
    const adjA = postA.map((y, i) => y - theta * preA[i]!);
    const adjB = postB.map((y, i) => y - theta * preB[i]!);
    const pair = withPooledTheta(stat(postA, preA), stat(postB, preB));
    const c = abMethods.frequentist.compare(pair.a, pair.b, opts);
    close(c.estimate, avg(adjB) - avg(adjA), 1e-9, 'estimate');
    close(c.stdError, Math.sqrt(variance(adjA) / adjA.length + variance(adjB) / adjB.length), 1e-9, 'se');
    const plain = abMethods.frequentist.compare(sums(postA), sums(postB), opts);
    assert.ok(
      c.stdError < plain.stdError / 2,
      'CUPED removes most of the variance explained by the pre-period',
    );
  });
});

describe('ratio metric (delta method) from raw data', () => {
  const den = sample(19, 300, (_z, u) => 1 + Math.floor(u() * 6));
  const num = den.map((d, i) => d * (0.002 + 0.0004 * sample(23 + i, 1, (z) => z())[0]!));
  const den2 = sample(29, 320, (_z, u) => 1 + Math.floor(u() * 6));
  const num2 = den2.map((d, i) => d * (0.0022 + 0.0004 * sample(31 + i, 1, (z) => z())[0]!));
  const ratio = (m: number[], d: number[]) => ({
    kind: 'ratio' as const,
    n: m.length,
    numerator: sums(m),
    denominator: sums(d),
    sumProducts: m.reduce((s, v, i) => s + v * d[i]!, 0),
  });
  // Linearisation: Var(M̄/D̄) ≈ Var(m − R·d) / (n·D̄²), R = M̄/D̄.
  const linearised = (m: number[], d: number[]) => {
    const r = avg(m) / avg(d);
    return variance(m.map((v, i) => v - r * d[i]!)) / (m.length * avg(d) ** 2);
  };
  test('absolute difference of ratios and its standard error', () => {
    const c = abMethods.frequentist.compare(ratio(num, den), ratio(num2, den2), opts);
    close(c.estimate, avg(num2) / avg(den2) - avg(num) / avg(den), 1e-10, 'estimate');
    close(c.stdError, Math.sqrt(linearised(num, den) + linearised(num2, den2)), 1e-8, 'se');
  });
});

describe('Bayesian closed forms', () => {
  const a = sums(control);
  const b = sums(treatment);
  const freq = abMethods.frequentist.compare(a, b, opts);
  test('flat prior: posterior N(d, se²); chance to win Φ(d/se); risk = E[max(−X, 0)] = σφ(μ/σ) − μΦ(−μ/σ)', () => {
    const c = abMethods.bayesian.compare(a, b, opts);
    const mu = freq.estimate;
    const sd = freq.stdError;
    close(c.estimate, mu, 1e-12);
    close(c.chanceToWin, normalCdf(mu / sd), 1e-12, 'ctw');
    close(c.ci[0], mu + normalQuantile(0.025) * sd, 1e-12, 'lower');
    const lossShip = sd * normalPdf(mu / sd) - mu * normalCdf(-mu / sd);
    const lossKeep = sd * normalPdf(mu / sd) + mu * normalCdf(mu / sd);
    close(c.risk?.[1], lossShip, 1e-10, 'risk of shipping');
    close(c.risk?.[0], lossKeep, 1e-10, 'risk of keeping');
  });
  test('proper prior: conjugate normal update of the relative lift', () => {
    const rel = abMethods.frequentist.compare(a, b, { ...opts, relative: true });
    const prior = { proper: true, mean: 0.02, variance: 0.0004 };
    const c = abMethods.bayesian.compare(a, b, { ...opts, relative: true, prior });
    const precision = 1 / rel.stdError ** 2 + 1 / prior.variance;
    close(c.estimate, (rel.estimate / rel.stdError ** 2 + prior.mean / prior.variance) / precision, 1e-10);
    close(c.stdError, Math.sqrt(1 / precision), 1e-10);
  });
});

describe('sequential', () => {
  test('ρ follows eq. 161 of arXiv:2103.06476 and the sequence is wider than the fixed-horizon interval', () => {
    const alpha = 0.05;
    close(
      sequentialRho(alpha, 5000, true) ** 2 * 5000,
      -2 * Math.log(alpha) + Math.log(1 - 2 * Math.log(alpha)),
      1e-12,
    );
    const fixed = abMethods.frequentist.compare(sums(control), sums(treatment), opts);
    const seq = abMethods.sequential.compare(sums(control), sums(treatment), opts);
    assert.equal(seq.estimate, fixed.estimate);
    assert.ok(seq.ci[0] < fixed.ci[0] && seq.ci[1] > fixed.ci[1]);
    assert.ok((seq.pValue ?? 0) >= (fixed.pValue ?? 1), 'always-valid p-values are conservative');
  });
});

describe('SRM and multiple comparisons', () => {
  test('SRM with two arms is a two-sided z-test of the share: p = 2Φ(−|o − e| / √e·…)', () => {
    // For two arms, χ² = (o₁ − e₁)²/e₁ + (o₂ − e₂)²/e₂ with 1 df, so p = 2·sf(√χ²).
    const users = [5100, 4900];
    const x = (100 ** 2 / 5000) * 2;
    close(checkSrm(users, [1, 1]), 2 * normalSf(Math.sqrt(x)), 1e-12);
    close(checkSrm([800, 200], [80, 20]), 1, 1e-12, 'exact split');
    assert.equal(checkSrm([0, 0], [1, 1]), 1);
  });
  test('Holm and Benjamini–Hochberg, worked by hand', () => {
    const p = [0.04, 0.005, 0.13, 0.011, 0.02];
    // Holm: sorted .005 .011 .02 .04 .13 times 5 4 3 2 1 = .025 .044 .06 .08 .13, running max.
    const holm = holmBonferroni(p);
    for (const [i, e] of [0.08, 0.025, 0.13, 0.044, 0.06].entries()) close(holm[i], e, 1e-12, `holm ${i}`);
    // BH: p·m/rank = .025 .0275 .0333 .05 .13, running min from the top.
    const bh = benjaminiHochberg(p);
    for (const [i, e] of [0.05, 0.025, 0.13, 0.0275, 0.1 / 3].entries()) close(bh[i], e, 1e-12, `bh ${i}`);
    assert.deepEqual(holmBonferroni([0.9, 0.8]), [1, 1]);
  });
  test('adjusted interval: widened to match the adjusted p-value, infinite when it is 1, never narrower', () => {
    const est = 0.1;
    const se = 0.04;
    const z = normalQuantile(0.975);
    const ci: [number, number] = [est - z * se, est + z * se];
    const pRaw = 2 * normalSf(est / se);
    const same = adjustedInterval(pRaw, est, 0.05, ci);
    close(same[0], ci[0], 1e-9);
    const wider = adjustedInterval(Math.min(1, pRaw * 3), est, 0.05, ci);
    assert.ok(wider[0] < ci[0] && wider[1] > ci[1]);
    assert.deepEqual(adjustedInterval(1, est, 0.05, ci), [
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
  });
});
