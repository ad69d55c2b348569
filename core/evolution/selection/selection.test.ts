import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../rng.ts';
import type { SelectionPool } from '../types.ts';
import { rankSelection } from './rank.ts';
import { rouletteSelection } from './roulette.ts';
import { tournamentSelection } from './tournament.ts';

/** Scores 0..n-1 in shuffled positions; lower is better. */
const scores = [3, 0, 4, 1, 2];
const pool: SelectionPool = { size: 5, score: (i) => scores[i]!, compare: (i, j) => scores[i]! - scores[j]! };

function frequencies(pick: number[]): number[] {
  const f = new Array(5).fill(0);
  for (const i of pick) f[i]++;
  return f.map((c) => c / pick.length);
}

describe('selection schemes (minimisation)', () => {
  it('tournament: binary tournaments pick the better of two; a huge tournament always picks the best', () => {
    const f = frequencies(tournamentSelection.select(pool, 50_000, createRng(1), { size: 2 }));
    // P(rank r wins a binary tournament with replacement) = (2(n − r) − 1)/n²
    for (let i = 0; i < 5; i++)
      assert.ok(Math.abs(f[i]! - (2 * (5 - scores[i]!) - 1) / 25) < 0.01, `${i}: ${f[i]}`);
    assert.deepEqual(
      new Set(tournamentSelection.select(pool, 100, createRng(2), { size: 200 })),
      new Set([1]),
    );
  });

  it('roulette: probability proportional to (worst − score) + ε·range', () => {
    const f = frequencies(rouletteSelection.select(pool, 50_000, createRng(3), { epsilon: 0.25 }));
    const w = scores.map((s) => 4 - s + 1);
    const total = w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < 5; i++) assert.ok(Math.abs(f[i]! - w[i]! / total) < 0.01);
    const flat = { size: 3, score: () => 1, compare: () => 0 };
    const ff = rouletteSelection.select(flat, 30_000, createRng(4), { epsilon: 0.01 });
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(ff.filter((x) => x === i).length / 30_000 - 1 / 3) < 0.01);
  });

  it('rank: linear ranking with pressure s gives the best s/n and the worst (2 − s)/n', () => {
    const f = frequencies(rankSelection.select(pool, 60_000, createRng(5), { pressure: 2 }));
    for (let i = 0; i < 5; i++) {
      const r = scores[i]!;
      assert.ok(Math.abs(f[i]! - (2 - (2 * r) / 4) / 5) < 0.01, `${i}: ${f[i]}`);
    }
    const uniform = frequencies(rankSelection.select(pool, 50_000, createRng(6), { pressure: 1 }));
    for (const p of uniform) assert.ok(Math.abs(p - 0.2) < 0.01);
  });

  it('is deterministic under the seed', () => {
    for (const s of [tournamentSelection, rouletteSelection, rankSelection]) {
      const opts = Object.fromEntries(s.options.map((o) => [o.name, o.default]));
      assert.deepEqual(s.select(pool, 50, createRng(9), opts), s.select(pool, 50, createRng(9), opts));
    }
  });
});
