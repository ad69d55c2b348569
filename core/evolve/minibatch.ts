/**
 * A reflection minibatch (GEPA): a few of the parent's failing cases, drawn by the proposal's nonce, so that two
 * reflections on one parent study different mistakes and a resumed run draws the same ones again.
 */
export const MINIBATCH = 4;

export function minibatch<T>(items: readonly T[], nonce: number, size = MINIBATCH): T[] {
  if (items.length <= size) return items.slice();
  const order = items.map((_, i) => i);
  let x = (nonce >>> 0) + 0x9e3779b9;
  for (let i = order.length - 1; i > 0; i--) {
    // xorshift32: enough to vary the draw; the nonce itself comes from the engine's generator.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order
    .slice(0, size)
    .sort((a, b) => a - b)
    .map((i) => items[i] as T);
}
