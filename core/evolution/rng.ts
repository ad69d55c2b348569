/**
 * The one source of randomness of the evolution engine: xoshiro128** (Blackman & Vigna, 2018).
 *
 * Why this generator: it needs only 32-bit integer operations, which JavaScript does exactly (`Math.imul`, `>>>`),
 * so the same seed gives the same stream on every engine and platform; its state is four 32-bit words, small enough
 * to live in a JSON checkpoint; it passes BigCrush; and it is a few lines, so we depend on no package whose stream
 * could change between versions. `Math.random` cannot be seeded or saved, hence unusable here.
 */

export type RngState = [number, number, number, number];

export type Rng = {
  /** A uniform 32-bit unsigned integer. */
  nextU32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  float(): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
  /** A standard normal deviate (Box–Muller, no cached spare: the state stays the four words). */
  normal(): number;
  /** A copy of the four state words (for checkpoints). */
  state(): RngState;
};

/** splitmix32: spreads a seed over the state so that nearby seeds give unrelated streams. */
function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

/** Seeds from any finite number: the integer part's low 32 bits and, for larger seeds, the high bits too. */
export function seedState(seed: number): RngState {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const int = Math.trunc(seed);
  const lo = int >>> 0;
  const hi = Math.floor(int / 2 ** 32) >>> 0;
  const sm = splitmix32(lo ^ Math.imul(hi, 0x85ebca6b));
  const s: RngState = [sm(), sm(), sm(), sm()];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1; // the all-zero state is a fixed point
  return s;
}

export function createRng(seed: number): Rng {
  return rngFromState(seedState(seed));
}

export function rngFromState(state: readonly number[]): Rng {
  if (state.length !== 4 || state.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
    throw new RangeError('rng state must be four unsigned 32-bit integers');
  }
  let s0 = state[0]! >>> 0;
  let s1 = state[1]! >>> 0;
  let s2 = state[2]! >>> 0;
  let s3 = state[3]! >>> 0;
  const nextU32 = (): number => {
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };
  const float = (): number => ((nextU32() >>> 5) * 67108864 + (nextU32() >>> 6)) / 9007199254740992;
  return {
    nextU32,
    float,
    int: (n: number) => Math.floor(float() * n),
    normal: () => {
      const u1 = 1 - float(); // (0, 1]: log is finite
      const u2 = float();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    state: () => [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0],
  };
}

/** Fisher–Yates shuffle in place. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}
