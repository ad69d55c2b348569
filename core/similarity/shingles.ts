/**
 * Word shingles: the text's words (letters and digits, lower-cased) taken `size` at a time, each hashed to 32
 * bits (FNV-1a). A text shorter than `size` words yields one shingle of all its words, so short texts still
 * compare. Hand-written: no dependency for a few lines of hashing.
 */
export const DEFAULT_SHINGLE_SIZE = 3;

export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The distinct shingle hashes of `text`. */
export function shingleHashes(text: string, size = DEFAULT_SHINGLE_SIZE): Set<number> {
  const w = words(text);
  const out = new Set<number>();
  if (w.length === 0) return out;
  if (w.length < size) {
    out.add(fnv1a(w.join(' ')));
    return out;
  }
  for (let i = 0; i + size <= w.length; i++) out.add(fnv1a(w.slice(i, i + size).join(' ')));
  return out;
}

/** Exact Jaccard similarity of two shingle sets (1 for two empty texts: nothing tells them apart). */
export function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) common++;
  return common / (a.size + b.size - common);
}
