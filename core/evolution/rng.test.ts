import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng, rngFromState, seedState, shuffle } from './rng.ts';

describe('xoshiro128**', () => {
  it('matches the reference vector of Blackman & Vigna for state (1, 2, 3, 4)', () => {
    const r = rngFromState([1, 2, 3, 4]);
    assert.deepEqual(
      Array.from({ length: 10 }, () => r.nextU32()),
      [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804],
    );
  });

  it('same seed gives the same stream; different seeds (also above bit 31) differ', () => {
    const take = (seed: number) => {
      const r = createRng(seed);
      return Array.from({ length: 8 }, () => r.float());
    };
    assert.deepEqual(take(42), take(42));
    assert.notDeepEqual(take(42), take(43));
    assert.notDeepEqual(take(1), take(1 + 2 ** 32));
  });

  it('continues identically from a saved state', () => {
    const a = createRng(7);
    for (let i = 0; i < 100; i++) a.normal();
    const b = rngFromState(JSON.parse(JSON.stringify(a.state())));
    assert.deepEqual(
      Array.from({ length: 20 }, () => a.float()),
      Array.from({ length: 20 }, () => b.float()),
    );
  });

  it('floats lie in [0, 1) with mean 1/2; normals have mean 0 and variance 1; int(n) covers [0, n)', () => {
    const r = createRng(123);
    const n = 200_000;
    let sum = 0;
    let nsum = 0;
    let nsq = 0;
    const counts = new Array(7).fill(0);
    for (let i = 0; i < n; i++) {
      const f = r.float();
      assert.ok(f >= 0 && f < 1);
      sum += f;
      const z = r.normal();
      nsum += z;
      nsq += z * z;
      counts[r.int(7)]++;
    }
    assert.ok(Math.abs(sum / n - 0.5) < 0.005);
    assert.ok(Math.abs(nsum / n) < 0.01);
    assert.ok(Math.abs(nsq / n - 1) < 0.02);
    for (const c of counts) assert.ok(Math.abs(c / n - 1 / 7) < 0.005);
  });

  it('rejects bad seeds and states', () => {
    assert.throws(() => seedState(Number.NaN), RangeError);
    assert.throws(() => rngFromState([1, 2, 3]), RangeError);
    assert.throws(() => rngFromState([1, 2, 3, -1]), RangeError);
  });

  it('shuffle is a seeded permutation', () => {
    const a = shuffle([...Array(20).keys()], createRng(5));
    assert.deepEqual(
      [...a].sort((x, y) => x - y),
      [...Array(20).keys()],
    );
    assert.deepEqual(a, shuffle([...Array(20).keys()], createRng(5)));
  });
});
