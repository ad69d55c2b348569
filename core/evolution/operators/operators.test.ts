import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng, type Rng } from '../rng.ts';
import { gaussianMutation } from './gaussian-mutation.ts';
import { polynomialGene, polynomialMutation } from './polynomial-mutation.ts';
import { sbx, sbxCrossover, sbxGene } from './sbx.ts';
import { uniformCrossover } from './uniform-crossover.ts';

/** A generator that replays fixed uniform numbers, to check formulas on known draws. */
function scripted(values: number[]): Rng {
  let i = 0;
  const float = () => {
    if (i >= values.length) throw new Error('script exhausted');
    return values[i++]!;
  };
  return {
    float,
    nextU32: () => 0,
    int: (n) => Math.floor(float() * n),
    normal: () => 0,
    state: () => [0, 0, 0, 1],
  };
}

const unit = { lower: [0, 0], upper: [1, 1] };

describe('SBX (Deb & Agrawal 1995, bounded form of the NSGA-II code)', () => {
  it('matches the formula on fixed random numbers (values from an independent transcription)', () => {
    assert.deepEqual(sbxGene(0.2, 0.6, 0, 1, 20, 0.3), [0.2048063143226037, 0.5951936878930381]);
    assert.deepEqual(sbxGene(0.6, 0.2, 0, 1, 20, 0.9), [0.18406937728416448, 0.6159306447750491]);
    assert.deepEqual(sbxGene(0.05, 0.9, 0, 1, 2, 0.99), [0.002804186672065556, 0.9952401354789833]);
  });

  it('consumes draws in the reference order: pair, per gene (cross?, spread, swap?)', () => {
    // pair crosses (0.1 ≤ 0.9); gene 0 crosses (0.2 ≤ 0.5) with u = 0.3 and swaps (0.4 ≤ 0.5); gene 1 does not (0.7)
    const [c1, c2] = sbx(
      [0.2, 0.1],
      [0.6, 0.8],
      scripted([0.1, 0.2, 0.3, 0.4, 0.7]),
      [0, 0],
      [1, 1],
      20,
      0.9,
      0.5,
    );
    assert.deepEqual(c1, [0.5951936878930381, 0.1]);
    assert.deepEqual(c2, [0.2048063143226037, 0.8]);
    // no crossover at all when the pair draw exceeds p_c
    assert.deepEqual(sbx([0.2, 0.1], [0.6, 0.8], scripted([0.95]), [0, 0], [1, 1], 20, 0.9, 0.5), [
      [0.2, 0.1],
      [0.6, 0.8],
    ]);
  });

  it('keeps children within bounds', () => {
    const rng = createRng(1);
    for (let t = 0; t < 20_000; t++) {
      const lo = -rng.float() * 3;
      const hi = lo + 0.001 + rng.float() * 5;
      const p1 = lo + rng.float() * (hi - lo);
      const p2 = lo + rng.float() * (hi - lo);
      const eta = rng.float() * 30;
      if (Math.abs(p1 - p2) < 1e-12) continue;
      for (const c of sbxGene(p1, p2, lo, hi, eta, rng.float()))
        assert.ok(c >= lo && c <= hi, `${c} ∉ [${lo}, ${hi}]`);
    }
  });

  it('is symmetric about the parents’ midpoint far from bounds; u = 1/2 returns the parents', () => {
    const rng = createRng(2);
    for (let t = 0; t < 1000; t++) {
      const [c1, c2] = sbxGene(0.3, 0.7, -1e9, 1e9, 15, rng.float());
      assert.ok(Math.abs(c1 + c2 - 1) < 1e-6);
    }
    const [a, b] = sbxGene(0.3, 0.7, -1e9, 1e9, 15, 0.5);
    assert.ok(Math.abs(a - 0.3) < 1e-6 && Math.abs(b - 0.7) < 1e-6);
  });

  it('a larger distribution index keeps children closer to their parents', () => {
    const spread = (eta: number) => {
      const rng = createRng(3);
      let s = 0;
      for (let t = 0; t < 5000; t++) s += Math.abs(sbxGene(0.4, 0.6, 0, 1, eta, rng.float())[0] - 0.4);
      return s / 5000;
    };
    const [s2, s20, s100] = [spread(2), spread(20), spread(100)];
    assert.ok(s2 > s20 && s20 > s100, `${s2} > ${s20} > ${s100}`);
  });

  it('the registered operator reads its options and the genome bounds', () => {
    const rng = createRng(4);
    const out = sbxCrossover.apply(
      [0.1, 0.9],
      [0.8, 0.2],
      rng,
      { eta: 20, probability: 1, perGene: 1 },
      unit,
    );
    assert.equal(out.length, 2);
    for (const c of out) for (const v of c) assert.ok(v >= 0 && v <= 1);
    assert.ok(Math.abs(out[0][0]! + out[1][0]! - 0.9) < 0.05);
  });
});

describe('polynomial mutation (Deb & Agrawal, bounded form of the NSGA-II code)', () => {
  it('matches the formula on fixed random numbers (values from an independent transcription)', () => {
    assert.equal(polynomialGene(0.3, 0, 1, 20, 0.1), 0.2263217619587426);
    assert.equal(polynomialGene(0.3, 0, 1, 20, 0.8), 0.3426946725756686);
    assert.equal(polynomialGene(1.5, 0, 2, 5, 0.95), 1.9020034698394361);
    assert.equal(polynomialGene(0.3, 0, 1, 20, 0.5), 0.3);
  });

  it('keeps genes within bounds and moves down for u < 1/2, up for u > 1/2', () => {
    const rng = createRng(5);
    for (let t = 0; t < 20_000; t++) {
      const y = rng.float();
      const u = rng.float();
      const v = polynomialGene(y, 0, 1, rng.float() * 50, u);
      assert.ok(v >= 0 && v <= 1);
      if (u < 0.5) assert.ok(v <= y);
      if (u > 0.5) assert.ok(v >= y);
    }
  });

  it('a larger distribution index gives smaller perturbations', () => {
    const spread = (eta: number) => {
      const rng = createRng(6);
      let s = 0;
      for (let t = 0; t < 5000; t++) s += Math.abs(polynomialGene(0.5, 0, 1, eta, rng.float()) - 0.5);
      return s / 5000;
    };
    assert.ok(spread(2) > spread(20) && spread(20) > spread(100));
  });

  it('mutates about one gene in n by default (p_m = 1/n)', () => {
    const rng = createRng(7);
    const n = 30;
    const genome = Array(n).fill(0.5);
    const opts = { lower: Array(n).fill(0), upper: Array(n).fill(1) };
    let changed = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      const out = polynomialMutation.apply(genome, rng, { eta: 20 }, opts);
      changed += out.filter((v, i) => v !== genome[i]).length;
    }
    assert.ok(Math.abs(changed / trials - 1) < 0.08, `${changed / trials}`);
  });
});

describe('other operators', () => {
  it('gaussian mutation stays in bounds; uniform crossover swaps genes between parents', () => {
    const rng = createRng(8);
    for (let t = 0; t < 2000; t++) {
      const out = gaussianMutation.apply([0.99, 0.01], rng, { sigma: 0.5, probability: 1 }, unit);
      assert.ok(out.every((v) => v >= 0 && v <= 1));
    }
    const [a, b] = uniformCrossover.apply(
      [1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 12],
      rng,
      { probability: 1 },
      {},
    );
    assert.deepEqual(
      a.map((v, i) => (v as number) + (b[i] as number)),
      [8, 10, 12, 14, 16, 18],
    );
    assert.notDeepEqual(a, [1, 2, 3, 4, 5, 6]);
  });
});
