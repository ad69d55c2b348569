/** Distribution functions against closed forms (independent of the incomplete beta/gamma code) and tables. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  betaInc,
  chiSquareSf,
  normalCdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTQuantile,
  studentTSf,
} from './distributions.ts';

function close(actual: number, expected: number, rel = 1e-10, what = ''): void {
  const tol = rel * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
}

const T = [-30, -7.5, -2.1, -1, -0.3, 0, 0.25, 1, 1.96, 4, 12, 250];

test('Student t with 1 degree of freedom is Cauchy: F(t) = 1/2 + atan(t)/π, Q(p) = tan(π(p − 1/2))', () => {
  for (const t of T) close(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 1e-12, `cdf(${t})`);
  for (const p of [0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.9995]) {
    close(studentTQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)), 1e-9, `ppf(${p})`);
  }
});

test('Student t with 2 degrees of freedom: F(t) = 1/2 + t / (2√(2 + t²)) and its inverse', () => {
  for (const t of T) close(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 1e-12, `cdf(${t})`);
  for (const p of [0.001, 0.05, 0.5, 0.9, 0.995]) {
    const exact = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
    close(studentTQuantile(p, 2), exact, 1e-9, `ppf(${p})`);
  }
});

test('t quantiles match printed tables (two-sided 95%) and approach the normal for large df', () => {
  const table: [number, number][] = [
    [1, 12.706204736],
    [2, 4.30265273],
    [5, 2.570581836],
    [10, 2.228138852],
    [30, 2.042272456],
    [120, 1.979930405],
  ];
  for (const [df, q] of table) close(studentTQuantile(0.975, df), q, 1e-9, `df=${df}`);
  close(studentTQuantile(0.975, 1e9), normalQuantile(0.975), 1e-8, 'df→∞');
  close(studentTSf(3, 1e9), normalSf(3), 1e-8, 'sf df→∞');
  for (const df of [1.5, 3.7, 17.2, 6461]) {
    for (const p of [0.0001, 0.05, 0.5, 0.95, 0.9999])
      close(studentTCdf(studentTQuantile(p, df), df), p, 1e-10);
  }
});

test('normal CDF, survival and quantile: table values, symmetry, far tails without cancellation', () => {
  close(normalCdf(0), 0.5, 1e-15);
  close(normalCdf(1), 0.8413447460685429, 1e-13);
  close(normalCdf(-1.959963984540054), 0.025, 1e-13);
  close(normalQuantile(0.975), 1.959963984540054, 1e-13);
  close(normalQuantile(0.5), 0, 1e-15);
  // Mills-ratio asymptotics: sf(x) ≈ φ(x)/x · (1 − 1/x² + 3/x⁴ − 15/x⁶) for large x.
  const x = 12;
  const phi = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  close(normalSf(x) / ((phi / x) * (1 - 1 / x ** 2 + 3 / x ** 4 - 15 / x ** 6)), 1, 1e-6, 'sf(12)');
  for (const p of [1e-12, 1e-6, 0.01, 0.3, 0.7, 0.99, 1 - 1e-9]) {
    const q = normalQuantile(p);
    close(p < 0.5 ? normalCdf(q) : normalSf(q), p < 0.5 ? p : 1 - p, 1e-9, `roundtrip ${p}`);
  }
  assert.equal(normalQuantile(0), Number.NEGATIVE_INFINITY);
  assert.equal(normalQuantile(1), Number.POSITIVE_INFINITY);
  close(normalCdf(3, 1, 2), normalCdf(1), 1e-15, 'location/scale');
});

test('χ² survival function: closed forms for 1, 2 and 4 degrees of freedom', () => {
  for (const x of [0.01, 0.5, 3.84, 10, 40]) {
    close(chiSquareSf(x, 2), Math.exp(-x / 2), 1e-12, `df=2 x=${x}`);
    close(chiSquareSf(x, 4), Math.exp(-x / 2) * (1 + x / 2), 1e-12, `df=4 x=${x}`);
    close(chiSquareSf(x, 1), 2 * normalSf(Math.sqrt(x)), 1e-12, `df=1 x=${x}`);
  }
  assert.equal(chiSquareSf(0, 3), 1);
});

test('regularized incomplete beta: I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a', () => {
  for (const x of [0.01, 0.3, 0.77, 0.999]) {
    for (const k of [0.5, 2, 7.3]) {
      close(betaInc(x, 1, k), 1 - (1 - x) ** k, 1e-12);
      close(betaInc(x, k, 1), x ** k, 1e-12);
    }
  }
});
