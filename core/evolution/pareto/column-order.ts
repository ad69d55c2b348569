/**
 * Sorting helpers for large point sets without comparator callbacks (which dominate the cost at 100,000 points):
 * a stable LSD radix sort on the IEEE-754 bits of one objective column (four 16-bit digits), and lexicographic
 * order as radix passes from the last column to the first. −0 is read as +0 so that equal values sort as equal.
 * Values must not be NaN (the engine only accepts finite objectives).
 */

/** Below this many points a comparator sort is faster. */
const RADIX_MIN = 2048;

export function identityOrder(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/** Order-preserving unsigned keys of column k: [hi, lo] 32-bit halves of the transformed bits. */
function sortableKeys(flat: Float64Array, m: number, k: number, n: number): [Uint32Array, Uint32Array] {
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  f64[0] = 1; // detect the platform's word order: 1.0 has its high word 0x3ff00000
  const hiWord = u32[1] === 0x3ff00000 ? 1 : 0;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    f64[0] = flat[i * m + k]! + 0; // −0 + 0 = +0
    let h = u32[hiWord]!;
    let l = u32[1 - hiWord]!;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
  }
  return [hi, lo];
}

function radixPass(order: Uint32Array, words: Uint32Array, shift: number): Uint32Array {
  const n = order.length;
  const count = new Uint32Array(65537);
  let first = -1;
  let same = true;
  for (let t = 0; t < n; t++) {
    const d = (words[order[t]!]! >>> shift) & 0xffff;
    count[d + 1]!++;
    if (first < 0) first = d;
    else if (d !== first) same = false;
  }
  if (same) return order; // every digit equal: this pass would not move anything
  for (let d = 0; d < 65536; d++) count[d + 1]! += count[d]!;
  const out = new Uint32Array(n);
  for (let t = 0; t < n; t++) {
    const i = order[t]!;
    out[count[(words[i]! >>> shift) & 0xffff]!++] = i;
  }
  return out;
}

/** Stable sort of `order` (point indexes) by the value of column k. */
export function sortByColumn(flat: Float64Array, m: number, k: number, order: Uint32Array): Uint32Array {
  const n = m === 0 ? 0 : flat.length / m;
  if (n < RADIX_MIN) {
    // Small sets (a generation of NSGA-II): a comparator sort beats the radix passes' fixed 64K-bucket cost.
    const pos = new Uint32Array(n);
    for (let t = 0; t < n; t++) pos[order[t]!] = t;
    return order.slice().sort((a, b) => flat[a * m + k]! - flat[b * m + k]! || pos[a]! - pos[b]!);
  }
  const [hi, lo] = sortableKeys(flat, m, k, n);
  let o = order;
  o = radixPass(o, lo, 0);
  o = radixPass(o, lo, 16);
  o = radixPass(o, hi, 0);
  o = radixPass(o, hi, 16);
  return o;
}

/** Point indexes in lexicographic order of their objective vectors; ties (identical points) by index. */
export function lexicographicOrder(flat: Float64Array, m: number): Uint32Array {
  const n = m === 0 ? 0 : flat.length / m;
  let order = identityOrder(n);
  for (let k = m - 1; k >= 0; k--) order = sortByColumn(flat, m, k, order);
  return order;
}
