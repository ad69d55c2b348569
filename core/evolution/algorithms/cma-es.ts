/**
 * CMA-ES with full covariance (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016; the same updates as his
 * `purecma`) and IPOP restarts (Auger & Hansen 2005: on a stopping criterion, restart from a new random mean with
 * the population size multiplied by `incPopsize`).
 *
 * It runs in normalised coordinates u ∈ [0, 1]ⁿ (gene = lower + u·(upper − lower)), so genes of different scales
 * (temperature in [0, 2], topP in [0, 1], maxTokens in [16, 4096]) get comparable step sizes. Bounds: a sample
 * outside the box is evaluated at its projection onto the box, and ranked by f(projection) + boundPenalty·‖u −
 * projection‖², so the distribution is pulled back inside (a simple form of Hansen's boundary penalty).
 * Single-objective: it minimises the first objective (feasible first, then by violation).
 */
import { realBounds } from '../genomes/real-vector.ts';
import { symmetricEigen } from '../linalg.ts';
import type { Individual } from '../types.ts';
import { type Algorithm, compareScalar, type Offspring, type Toolkit } from './algorithm.ts';

type CmaState = {
  n: number;
  lambda: number;
  mu: number;
  weights: number[];
  mueff: number;
  cc: number;
  cs: number;
  c1: number;
  cmu: number;
  damps: number;
  chiN: number;
  mean: number[];
  sigma: number;
  C: number[][];
  B: number[][];
  D: number[];
  pc: number[];
  ps: number[];
  iteration: number;
  evaluations: number;
  eigenEval: number;
  history: number[];
  restarts: number;
  /** Sampled (unprojected) points of the pending batch, in ask order. */
  pending: number[][];
  best: Individual<unknown> | null;
  last: Individual<unknown>[];
  lastStop: string;
  done: boolean;
};

function setup(n: number, lambda: number, mean: number[], sigma: number, restarts: number): CmaState {
  const mu = Math.floor(lambda / 2);
  const raw = Array.from({ length: mu }, (_, i) => Math.log((lambda + 1) / 2) - Math.log(i + 1));
  const sum = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / sum);
  const mueff = 1 / weights.reduce((a, w) => a + w * w, 0);
  const c1 = 2 / ((n + 1.3) ** 2 + mueff);
  const cs = (mueff + 2) / (n + mueff + 5);
  const identity = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  return {
    n,
    lambda,
    mu,
    weights,
    mueff,
    cc: (4 + mueff / n) / (n + 4 + (2 * mueff) / n),
    cs,
    c1,
    cmu: Math.min(1 - c1, (2 * (mueff - 2 + 1 / mueff)) / ((n + 2) ** 2 + mueff)),
    damps: 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs,
    chiN: Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n)),
    mean,
    sigma,
    C: identity.map((r) => r.slice()),
    B: identity,
    D: new Array(n).fill(1),
    pc: new Array(n).fill(0),
    ps: new Array(n).fill(0),
    iteration: 0,
    evaluations: 0,
    eigenEval: 0,
    history: [],
    restarts,
    pending: [],
    best: null,
    last: [],
    lastStop: '',
    done: false,
  };
}

function defaultLambda(n: number): number {
  return 4 + Math.floor(3 * Math.log(n));
}

function initialMean(toolkit: Toolkit, options: Record<string, unknown>, first: boolean): number[] {
  const { lower, upper } = realBounds(toolkit.genomeOptions);
  const given = (options.mean as number[] | undefined) ?? (toolkit.seeds[0] as number[] | undefined);
  if (first && given) return given.map((g, i) => (g - lower[i]!) / (upper[i]! - lower[i]!));
  return lower.map(() => toolkit.rng.float());
}

const project = (u: number): number => Math.min(1, Math.max(0, u));

export const cmaEs: Algorithm = {
  name: 'cma-es',
  description: 'CMA-ES with full covariance (Hansen) and IPOP restarts, on bounded real genes',
  genomeTypes: ['real-vector'],
  diversity: [],
  options: [
    {
      name: 'sigma0',
      type: 'number',
      default: 0.3,
      min: 0,
      description: 'initial step size, fraction of each range',
    },
    { name: 'populationSize', type: 'integer', min: 2, description: 'λ (default 4 + ⌊3 ln n⌋)' },
    {
      name: 'mean',
      type: 'number[]',
      description: 'initial mean in gene units (default: first seed, else random)',
    },
    {
      name: 'ipop',
      type: 'boolean',
      default: true,
      description: 'restart with a larger population on stagnation',
    },
    { name: 'maxRestarts', type: 'integer', default: 9, min: 0, description: 'restarts allowed' },
    { name: 'incPopsize', type: 'number', default: 2, min: 1, description: 'population factor per restart' },
    {
      name: 'tolFun',
      type: 'number',
      default: 1e-12,
      min: 0,
      description: 'stop when recent f range is below',
    },
    {
      name: 'tolX',
      type: 'number',
      default: 1e-11,
      min: 0,
      description: 'stop when steps are below (normalised)',
    },
    { name: 'stopFitness', type: 'number', description: 'done once the best f is at or below this' },
    {
      name: 'boundPenalty',
      type: 'number',
      default: 1000,
      min: 0,
      description: 'weight of ‖u − proj(u)‖² in ranking',
    },
  ],

  init(toolkit, options): CmaState {
    const n = (toolkit.genomeOptions.lower as number[]).length;
    const lambda = (options.populationSize as number | undefined) ?? defaultLambda(n);
    return setup(n, lambda, initialMean(toolkit, options, true), options.sigma0 as number, 0);
  },

  ask(state, toolkit): Offspring[] {
    const s = state as CmaState;
    if (s.done) return [];
    const { lower, upper } = realBounds(toolkit.genomeOptions);
    s.pending = [];
    const out: Offspring[] = [];
    for (let k = 0; k < s.lambda; k++) {
      const z = Array.from({ length: s.n }, () => toolkit.rng.normal());
      const x = s.mean.map((m, i) => {
        let y = 0;
        for (let j = 0; j < s.n; j++) y += s.B[i]![j]! * s.D[j]! * z[j]!;
        return m + s.sigma * y;
      });
      s.pending.push(x);
      const genome = x.map((u, i) => lower[i]! + project(u) * (upper[i]! - lower[i]!));
      out.push({ genome, parents: s.best ? [s.best.id] : [], operator: 'cma-es' });
    }
    return out;
  },

  tell(state, evaluated, toolkit, options) {
    const s = state as CmaState;
    const { n, lambda, mu, weights } = s;
    const penalty = options.boundPenalty as number;
    const keyed = evaluated.map((ind, k) => {
      const x = s.pending[k]!;
      let dist = 0;
      for (const u of x) dist += (u - project(u)) ** 2;
      return { ind, x, f: ind.objectives[0]! + penalty * dist };
    });
    for (const e of keyed) {
      if (
        !s.best ||
        compareScalar(
          e.ind.constraintViolation,
          e.ind.objectives[0]!,
          s.best.constraintViolation,
          s.best.objectives[0]!,
        ) < 0
      ) {
        s.best = e.ind;
      }
    }
    s.last = evaluated;
    const sorted = keyed
      .map((e, k) => ({ ...e, k }))
      .sort(
        (a, b) => compareScalar(a.ind.constraintViolation, a.f, b.ind.constraintViolation, b.f) || a.k - b.k,
      );
    s.evaluations += lambda;
    s.iteration += 1;

    const xold = s.mean;
    s.mean = Array.from({ length: n }, (_, i) => {
      let m = 0;
      for (let k = 0; k < mu; k++) m += weights[k]! * sorted[k]!.x[i]!;
      return m;
    });
    const yw = s.mean.map((m, i) => (m - xold[i]!) / s.sigma);
    // C^(-1/2)·yw = B·D⁻¹·Bᵀ·yw
    const bty = Array.from({ length: n }, (_, j) => {
      let t = 0;
      for (let i = 0; i < n; i++) t += s.B[i]![j]! * yw[i]!;
      return t / s.D[j]!;
    });
    const csn = Math.sqrt(s.cs * (2 - s.cs) * s.mueff);
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let j = 0; j < n; j++) t += s.B[i]![j]! * bty[j]!;
      s.ps[i] = (1 - s.cs) * s.ps[i]! + csn * t;
    }
    const psNorm = Math.sqrt(s.ps.reduce((a, v) => a + v * v, 0));
    const hsig = psNorm / Math.sqrt(1 - (1 - s.cs) ** (2 * s.iteration)) / s.chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
    const ccn = Math.sqrt(s.cc * (2 - s.cc) * s.mueff);
    for (let i = 0; i < n; i++) s.pc[i] = (1 - s.cc) * s.pc[i]! + hsig * ccn * yw[i]!;
    const decay = 1 - s.c1 - s.cmu + (1 - hsig) * s.c1 * s.cc * (2 - s.cc);
    const ys = sorted.slice(0, mu).map((e) => e.x.map((v, i) => (v - xold[i]!) / s.sigma));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let rankMu = 0;
        for (let k = 0; k < mu; k++) rankMu += weights[k]! * ys[k]![i]! * ys[k]![j]!;
        const v = decay * s.C[i]![j]! + s.c1 * s.pc[i]! * s.pc[j]! + s.cmu * rankMu;
        s.C[i]![j] = v;
        s.C[j]![i] = v;
      }
    }
    s.sigma *= Math.exp((s.cs / s.damps) * (psNorm / s.chiN - 1));
    if (s.evaluations - s.eigenEval > lambda / (s.c1 + s.cmu) / n / 10) {
      s.eigenEval = s.evaluations;
      const { values, vectors } = symmetricEigen(s.C);
      s.B = vectors;
      s.D = values.map((v) => Math.sqrt(Math.max(v, 1e-300)));
    }

    const fs = sorted.map((e) => e.f);
    s.history.push(fs[0]!);
    const stop = stopReason(s, fs, options);
    const target = options.stopFitness as number | undefined;
    if (
      target !== undefined &&
      s.best &&
      s.best.constraintViolation === 0 &&
      s.best.objectives[0]! <= target
    ) {
      s.done = true;
      s.lastStop = 'stopFitness';
      return;
    }
    if (!stop) return;
    if (options.ipop && s.restarts < (options.maxRestarts as number)) {
      const next = setup(
        n,
        Math.round(lambda * (options.incPopsize as number)),
        initialMean(toolkit, options, false),
        options.sigma0 as number,
        s.restarts + 1,
      );
      Object.assign(s, { ...next, best: s.best, last: s.last, lastStop: stop });
    } else {
      s.done = true;
      s.lastStop = stop;
    }
  },

  report(state) {
    const s = state as CmaState;
    const dMax = Math.max(...s.D);
    const dMin = Math.min(...s.D);
    const metrics: Record<string, number> = {
      sigma: s.sigma,
      lambda: s.lambda,
      restarts: s.restarts,
      condition: (dMax / dMin) ** 2,
    };
    if (s.best) metrics.bestFitness = s.best.objectives[0]!;
    return { population: s.last, best: s.best ? [s.best] : [], metrics, done: s.done };
  },
};

function stopReason(s: CmaState, fs: number[], options: Record<string, unknown>): string | undefined {
  const n = s.n;
  if (s.iteration > 100 + (50 * (n + 3) ** 2) / Math.sqrt(s.lambda)) return 'maxIter';
  const window = 10 + Math.ceil((30 * n) / s.lambda);
  if (s.history.length >= window) {
    const recent = [...s.history.slice(-window), ...fs];
    if (Math.max(...recent) - Math.min(...recent) < (options.tolFun as number)) return 'tolFun';
  }
  const spread = Math.max(...s.C.map((row, i) => Math.sqrt(row[i]!)), ...s.pc.map(Math.abs));
  if (s.sigma * spread < (options.tolX as number)) return 'tolX';
  const dMax = Math.max(...s.D);
  const dMin = Math.min(...s.D);
  if ((dMax / dMin) ** 2 > 1e14) return 'conditionCov';
  if (fs[0] === fs[Math.ceil(0.7 * s.lambda) - 1]) return 'flatFitness';
  if (s.history.length > 200) s.history.splice(0, s.history.length - 200);
  return undefined;
}
