/**
 * Locality-sensitive hashing over MinHash signatures: the signature is cut into `bands` bands of `rows`
 * positions; two signatures that agree on a whole band land in the same bucket. With 16 bands of 4 rows a
 * pair at Jaccard 0.5 shares a band with probability 1-(1-0.5^4)^16 ≈ 0.64, at 0.8 ≈ 0.9998, so `query`
 * finds near duplicates without comparing against every row. For one query over a stored index a linear scan
 * (`nearest` in similarity-index.ts) is cheaper than building the buckets; the buckets pay off for many queries
 * (evolution's candidates, feedback rows).
 */
import { estimateSimilarity, SIGNATURE_SIZE } from './minhash.ts';

export const BANDS = 16;
const ROWS = SIGNATURE_SIZE / BANDS;

function bandKey(sig: Uint16Array, offset: number, band: number): number {
  let h = 0x811c9dc5;
  for (let r = 0; r < ROWS; r++) {
    h ^= sig[offset + band * ROWS + r] as number;
    h = Math.imul(h, 0x01000193);
  }
  // band in the high bits keeps buckets of different bands apart; stays a safe integer.
  return band * 2 ** 32 + (h >>> 0);
}

export type Match<T> = { item: T; similarity: number };

/** An in-memory LSH index of items with their signatures. */
export class LshIndex<T> {
  readonly #items: T[] = [];
  readonly #sigs: Uint16Array[] = [];
  readonly #buckets = new Map<number, number[]>();

  get size(): number {
    return this.#items.length;
  }

  add(item: T, sig: Uint16Array): void {
    const id = this.#items.length;
    this.#items.push(item);
    this.#sigs.push(sig);
    for (let b = 0; b < BANDS; b++) {
      const key = bandKey(sig, 0, b);
      const list = this.#buckets.get(key);
      if (list) list.push(id);
      else this.#buckets.set(key, [id]);
    }
  }

  /** Items sharing a band with `sig`, at least `minSimilarity` (estimated), most similar first. */
  query(sig: Uint16Array, options: { top?: number; minSimilarity?: number } = {}): Match<T>[] {
    const seen = new Set<number>();
    const out: Match<T>[] = [];
    for (let b = 0; b < BANDS; b++) {
      for (const id of this.#buckets.get(bandKey(sig, 0, b)) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const similarity = estimateSimilarity(sig, this.#sigs[id] as Uint16Array);
        if (similarity >= (options.minSimilarity ?? 0)) out.push({ item: this.#items[id] as T, similarity });
      }
    }
    out.sort((x, y) => y.similarity - x.similarity);
    return out.slice(0, options.top ?? out.length);
  }
}
