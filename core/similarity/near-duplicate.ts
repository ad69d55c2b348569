/**
 * Near-duplicate checks for evolution and feedback: is a candidate text (nearly) one already seen? Pure; the
 * caller decides what to skip.
 */
import { LshIndex } from './lsh.ts';
import { signatureOfShingles } from './minhash.ts';
import { jaccard, shingleHashes } from './shingles.ts';

export const DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.9;

/** Exact Jaccard over word 3-shingles: true when `a` and `b` are at least `threshold` alike. */
export function isNearDuplicate(a: string, b: string, threshold = DEFAULT_NEAR_DUPLICATE_THRESHOLD): boolean {
  return jaccard(shingleHashes(a), shingleHashes(b)) >= threshold;
}

/**
 * A growing set of texts answering "is this a near duplicate of one already added?" in about constant time
 * (LSH buckets), confirmed with the exact Jaccard so that the estimate's noise never drops a distinct text.
 */
export class NearDuplicateSet<T = string> {
  readonly #index = new LshIndex<{ key: T; shingles: Set<number> }>();
  readonly #threshold: number;

  constructor(threshold = DEFAULT_NEAR_DUPLICATE_THRESHOLD) {
    this.#threshold = threshold;
  }

  get size(): number {
    return this.#index.size;
  }

  /** The key of an added text that `text` nearly duplicates, or undefined. */
  find(text: string): { key: T; similarity: number } | undefined {
    const shingles = shingleHashes(text);
    const candidates = this.#index.query(signatureOfShingles(shingles), {
      minSimilarity: this.#threshold - 0.2,
    });
    let best: { key: T; similarity: number } | undefined;
    for (const c of candidates) {
      const similarity = jaccard(shingles, c.item.shingles);
      if (similarity >= this.#threshold && (!best || similarity > best.similarity)) {
        best = { key: c.item.key, similarity };
      }
    }
    return best;
  }

  add(key: T, text: string): void {
    const shingles = shingleHashes(text);
    this.#index.add({ key, shingles }, signatureOfShingles(shingles));
  }
}
