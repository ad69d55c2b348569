/**
 * Summary statistics of one variant of one metric, and their moments: a port of gbstats'
 * models/statistics.py (ProportionStatistic, SampleMeanStatistic, RatioStatistic, RegressionAdjustedStatistic,
 * compute_covariance, compute_theta). Plain data plus pure functions.
 */

export type ProportionStatistic = { kind: 'proportion'; n: number; sum: number };
export type SampleMeanStatistic = { kind: 'sample-mean'; n: number; sum: number; sumSquares: number };
export type BaseStatistic = ProportionStatistic | SampleMeanStatistic;
export type RatioStatistic = {
  kind: 'ratio';
  n: number;
  numerator: SampleMeanStatistic;
  denominator: SampleMeanStatistic;
  sumProducts: number;
};
export type RegressionAdjustedStatistic = {
  kind: 'regression-adjusted';
  n: number;
  post: BaseStatistic;
  pre: BaseStatistic;
  postPreSumProducts: number;
  /** CUPED θ; 0 means "not adjusted". */
  theta: number;
};
/** CUPED for a ratio metric (gbstats' RegressionAdjustedRatioStatistic): post and pre ratios, delta method. */
export type RegressionAdjustedRatioStatistic = {
  kind: 'ratio-regression-adjusted';
  n: number;
  mPost: SampleMeanStatistic;
  dPost: SampleMeanStatistic;
  mPre: SampleMeanStatistic;
  dPre: SampleMeanStatistic;
  /** Σ over units of the products: m_post·m_pre, d_post·d_pre, m_pre·d_pre, m_post·d_post, m_post·d_pre, m_pre·d_post. */
  mPostMPre: number;
  dPostDPre: number;
  mPreDPre: number;
  mPostDPost: number;
  mPostDPre: number;
  mPreDPost: number;
  theta: number;
};
export type TestStatistic =
  | BaseStatistic
  | RatioStatistic
  | RegressionAdjustedStatistic
  | RegressionAdjustedRatioStatistic;

function baseSumSquares(s: BaseStatistic): number {
  // A 0/1 value squared is itself.
  return s.kind === 'proportion' ? s.sum : s.sumSquares;
}

function baseMean(s: BaseStatistic): number {
  return s.n === 0 ? 0 : s.sum / s.n;
}

function baseVariance(s: BaseStatistic): number {
  if (s.kind === 'proportion') {
    const m = baseMean(s);
    return m * (1 - m);
  }
  if (s.n <= 1) return 0;
  return (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1);
}

/** gbstats' compute_covariance: population form for two proportions, sample form otherwise. */
export function computeCovariance(
  n: number,
  a: BaseStatistic,
  b: BaseStatistic,
  sumProducts: number,
): number {
  if (n <= 1) return 0;
  if (a.kind === 'proportion' && b.kind === 'proportion') return sumProducts / n - (a.sum * b.sum) / (n * n);
  return (sumProducts - (a.sum * b.sum) / n) / (n - 1);
}

/** Delta-method variance of M / D (gbstats' variance_of_ratios). */
export function varianceOfRatios(
  meanM: number,
  varM: number,
  meanD: number,
  varD: number,
  covMD: number,
): number {
  return varM / meanD ** 2 + (varD * meanM ** 2) / meanD ** 4 - (2 * covMD * meanM) / meanD ** 3;
}

function ratioCovariance(s: RatioStatistic): number {
  return computeCovariance(s.n, s.numerator, s.denominator, s.sumProducts);
}

function raCovariance(s: RegressionAdjustedStatistic): number {
  return computeCovariance(s.n, s.post, s.pre, s.postPreSumProducts);
}

/** The (CUPED-adjusted) mean. */
export function statMean(s: TestStatistic): number {
  switch (s.kind) {
    case 'proportion':
    case 'sample-mean':
      return baseMean(s);
    case 'ratio':
      return s.denominator.sum === 0 ? 0 : s.numerator.sum / s.denominator.sum;
    case 'regression-adjusted':
      return baseMean(s.post) - s.theta * baseMean(s.pre);
    case 'ratio-regression-adjusted':
      if (s.dPost.sum === 0 || s.dPre.sum === 0) return 0;
      return ratioPostMean(s) - (s.theta * s.mPre.sum) / s.dPre.sum;
  }
}

function ratioPostMean(s: RegressionAdjustedRatioStatistic): number {
  return s.dPost.sum === 0 ? 0 : s.mPost.sum / s.dPost.sum;
}

/** The mean without regression adjustment (the baseline of a relative lift). */
export function statUnadjustedMean(s: TestStatistic): number {
  if (s.kind === 'regression-adjusted') return baseMean(s.post);
  if (s.kind === 'ratio-regression-adjusted') return ratioPostMean(s);
  return statMean(s);
}

/** Per-unit variance (delta method for ratios; adjusted for CUPED). */
export function statVariance(s: TestStatistic): number {
  switch (s.kind) {
    case 'proportion':
    case 'sample-mean':
      return baseVariance(s);
    case 'ratio': {
      const dMean = baseMean(s.denominator);
      if (dMean === 0 || s.n <= 1) return 0;
      return varianceOfRatios(
        baseMean(s.numerator),
        baseVariance(s.numerator),
        dMean,
        baseVariance(s.denominator),
        ratioCovariance(s),
      );
    }
    case 'regression-adjusted': {
      if (s.n <= 1) return 0;
      return baseVariance(s.post) + s.theta ** 2 * baseVariance(s.pre) - 2 * s.theta * raCovariance(s);
    }
    case 'ratio-regression-adjusted':
      return quadraticForm(ratioNabla(s), ratioLambda(s));
  }
}

type Vector4 = [number, number, number, number];
type Matrix4 = [Vector4, Vector4, Vector4, Vector4];

/** x' M y over the index ranges given (gbstats slices nabla[2:4], lambda[2:4, 0:2] and so on). */
function quadraticForm(x: Vector4, m: Matrix4, y: Vector4 = x, rows = [0, 1, 2, 3], cols = rows): number {
  let total = 0;
  for (const i of rows) for (const j of cols) total += x[i]! * m[i]![j]! * y[j]!;
  return total;
}

/** Covariance matrix of (m_post, d_post, m_pre, d_pre) per unit (gbstats' lambda_matrix). */
function ratioLambda(s: RegressionAdjustedRatioStatistic): Matrix4 {
  const cov = (a: BaseStatistic, b: BaseStatistic, sp: number) => computeCovariance(s.n, a, b, sp);
  const mPostDPost = cov(s.mPost, s.dPost, s.mPostDPost);
  const mPostMPre = cov(s.mPost, s.mPre, s.mPostMPre);
  const mPostDPre = cov(s.mPost, s.dPre, s.mPostDPre);
  const dPostMPre = cov(s.dPost, s.mPre, s.mPreDPost);
  const dPostDPre = cov(s.dPost, s.dPre, s.dPostDPre);
  const mPreDPre = cov(s.mPre, s.dPre, s.mPreDPre);
  return [
    [baseVariance(s.mPost), mPostDPost, mPostMPre, mPostDPre],
    [mPostDPost, baseVariance(s.dPost), dPostMPre, dPostDPre],
    [mPostMPre, dPostMPre, baseVariance(s.mPre), mPreDPre],
    [mPostDPre, dPostDPre, mPreDPre, baseVariance(s.dPre)],
  ];
}

/** Gradient of m̄_post/d̄_post − θ·m̄_pre/d̄_pre (gbstats' nabla); zero when a denominator mean is zero. */
function ratioNabla(s: RegressionAdjustedRatioStatistic, theta = s.theta): Vector4 {
  const [mPost, dPost, mPre, dPre] = [
    baseMean(s.mPost),
    baseMean(s.dPost),
    baseMean(s.mPre),
    baseMean(s.dPre),
  ];
  if (dPost === 0 || dPre === 0) return [0, 0, 0, 0];
  return [1 / dPost, -mPost / dPost ** 2, -theta / dPre, (theta * mPre) / dPre ** 2];
}

/** θ for ratio CUPED pooled over both arms (gbstats' compute_theta_regression_adjusted_ratio). */
export function computeRatioTheta(
  a: RegressionAdjustedRatioStatistic,
  b: RegressionAdjustedRatioStatistic,
): number {
  const pre = [2, 3];
  const post = [0, 1];
  const varPre = (s: RegressionAdjustedRatioStatistic) => {
    const g = ratioNabla(s, 1);
    return quadraticForm(g, ratioLambda(s), g, pre);
  };
  const covPrePost = (s: RegressionAdjustedRatioStatistic) => {
    const g = ratioNabla(s, 1);
    return quadraticForm(g, ratioLambda(s), g, pre, post);
  };
  const v = varPre(a) + varPre(b);
  if (v === 0) return 0;
  return -(covPrePost(a) + covPrePost(b)) / v;
}

/** Variance of the relative lift under ratio CUPED (gbstats' frequentist_variance_relative_cuped_ratio). */
export function varianceRelativeCupedRatio(
  a: RegressionAdjustedRatioStatistic,
  b: RegressionAdjustedRatioStatistic,
): number {
  const unadjusted = ratioPostMean(a);
  const dPost = baseMean(a.dPost);
  if (unadjusted === 0 || dPost === 0) return 0;
  const mPost = baseMean(a.mPost);
  const gAbs = statMean(b) - statMean(a);
  const den = Math.abs(unadjusted);
  const nablaA0 = -(den + gAbs) / dPost / den ** 2;
  const nablaA1 = ((mPost * den) / dPost ** 2 + (mPost * gAbs) / dPost ** 2) / den ** 2;
  const na = ratioNabla(a);
  const nablaA: Vector4 = [nablaA0, nablaA1, -na[2] / den, -na[3] / den];
  const nablaB = ratioNabla(b).map((x) => x / den) as Vector4;
  return quadraticForm(nablaA, ratioLambda(a)) / a.n + quadraticForm(nablaB, ratioLambda(b)) / b.n;
}

export function statStdDev(s: TestStatistic): number {
  const v = statVariance(s);
  return v <= 0 ? 0 : Math.sqrt(v);
}

function joint(a: BaseStatistic, b: BaseStatistic, n: number): BaseStatistic {
  if (a.kind === 'proportion' && b.kind === 'proportion')
    return { kind: 'proportion', n, sum: a.sum + b.sum };
  return { kind: 'sample-mean', n, sum: a.sum + b.sum, sumSquares: baseSumSquares(a) + baseSumSquares(b) };
}

/**
 * CUPED θ pooled over baseline and variant (gbstats' compute_theta): Cov(post, pre) / Var(pre) of the joint
 * sample. 0 when either period has no variance (gbstats then falls back to the unadjusted analysis).
 */
export function computeTheta(a: RegressionAdjustedStatistic, b: RegressionAdjustedStatistic): number {
  const n = a.n + b.n;
  const post = joint(a.post, b.post, n);
  const pre = joint(a.pre, b.pre, n);
  const preVariance = baseVariance(pre);
  if (preVariance === 0 || baseVariance(post) === 0) return 0;
  return computeCovariance(n, post, pre, a.postPreSumProducts + b.postPreSumProducts) / preVariance;
}

/** Applies pooled θ to a CUPED pair, or reverts both to their post-period statistics when θ = 0 (as gbstats). */
export function withPooledTheta(
  a: TestStatistic,
  b: TestStatistic,
): { a: TestStatistic; b: TestStatistic; theta: number | undefined } {
  if (a.kind === 'ratio-regression-adjusted' && b.kind === 'ratio-regression-adjusted') {
    const theta = computeRatioTheta(a, b);
    // gbstats reverts to the plain ratio when |θ| < 1e-8.
    if (Math.abs(theta) < 1e-8) return { a: plainRatio(a), b: plainRatio(b), theta: 0 };
    return { a: { ...a, theta }, b: { ...b, theta }, theta };
  }
  if (a.kind !== 'regression-adjusted' || b.kind !== 'regression-adjusted') return { a, b, theta: undefined };
  const theta = computeTheta(a, b);
  if (theta === 0) return { a: a.post, b: b.post, theta: 0 };
  return { a: { ...a, theta }, b: { ...b, theta }, theta };
}

function plainRatio(s: RegressionAdjustedRatioStatistic): RatioStatistic {
  return { kind: 'ratio', n: s.n, numerator: s.mPost, denominator: s.dPost, sumProducts: s.mPostDPost };
}

/**
 * Variance of the relative lift under CUPED (gbstats' frequentist_variance_relative_cuped): the delta method
 * on (adjusted B − adjusted A) / unadjusted A.
 */
export function varianceRelativeCuped(
  a: RegressionAdjustedStatistic,
  b: RegressionAdjustedStatistic,
): number {
  const meanA = baseMean(a.post);
  const denTrt = b.n * meanA ** 2;
  const denCtrl = a.n * meanA ** 2;
  if (denTrt === 0 || denCtrl === 0) return 0;
  const theta = a.theta;
  const numTrt = baseVariance(b.post) + theta ** 2 * baseVariance(b.pre) - 2 * theta * raCovariance(b);
  const constant = -baseMean(b.post);
  const numA = (baseVariance(a.post) * constant ** 2) / meanA ** 2;
  const numB = (2 * theta * raCovariance(a) * constant) / meanA;
  const numC = theta ** 2 * baseVariance(a.pre);
  return numTrt / denTrt + (numA + numB + numC) / denCtrl;
}
