/**
 * MinHash signatures: for each of `k` hash functions the minimum over a text's shingle hashes; the share of
 * equal positions in two signatures estimates their Jaccard similarity. The hash functions are murmur3's
 * finaliser over the shingle hash xor a fixed seed, so signatures are stable across runs and machines (the
 * index on disk stays valid). Values are kept as 16 bits ("b-bit minhash"): half the size on disk, and a chance
 * agreement of 1/65536 per position is far below what matters here.
 */
import { DEFAULT_SHINGLE_SIZE, shingleHashes } from './shingles.ts';

export const SIGNATURE_SIZE = 64;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fixed seeds (a splitmix-like sequence from a constant): part of the on-disk format. */
const SEEDS: readonly number[] = Array.from({ length: SIGNATURE_SIZE }, (_, i) =>
  fmix32((i + 1) * 0x9e3779b9),
);

export function signatureOfShingles(shingles: Iterable<number>): Uint16Array {
  const mins = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const s of shingles) {
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const h = fmix32(s ^ (SEEDS[i] as number));
      if (h < (mins[i] as number)) mins[i] = h;
    }
  }
  const sig = new Uint16Array(SIGNATURE_SIZE);
  for (let i = 0; i < SIGNATURE_SIZE; i++) sig[i] = (mins[i] as number) & 0xffff;
  return sig;
}

export function signatureOf(text: string, shingleSize = DEFAULT_SHINGLE_SIZE): Uint16Array {
  return signatureOfShingles(shingleHashes(text, shingleSize));
}

/** Estimated Jaccard similarity: the share of equal positions (`b` may be a row of a larger array). */
export function estimateSimilarity(a: Uint16Array, b: Uint16Array, bOffset = 0): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[bOffset + i]) same++;
  return same / SIGNATURE_SIZE;
}
