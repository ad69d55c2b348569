/**
 * The surrogate pre-screen: a k-nearest-neighbour regression over the genomes already scored (distance in
 * genome space), so that the candidates predicted worst are not evaluated at all. Cheap, no model.
 */
export type Scored<G> = { genome: G; score: number };

/** Inverse-distance-weighted mean score of the k nearest scored genomes; undefined with none scored. */
export function knnPredict<G>(
  genome: G,
  scored: readonly Scored<G>[],
  distance: (a: G, b: G) => number,
  k: number,
): number | undefined {
  if (scored.length === 0) return undefined;
  const near = scored
    .map((s, i) => ({ d: distance(genome, s.genome), score: s.score, i }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, Math.max(1, k));
  let w = 0;
  let sum = 0;
  for (const n of near) {
    const wi = 1 / (n.d + 1e-6);
    w += wi;
    sum += wi * n.score;
  }
  return sum / w;
}

/** Ids to skip: the `fraction` of candidates with the lowest predicted score (never all, never pinned ones). */
export function screen(
  predictions: readonly { id: number; predicted: number | undefined; pinned?: boolean }[],
  fraction: number,
): number[] {
  const open = predictions.filter((p) => !p.pinned && p.predicted !== undefined);
  const count = Math.min(Math.floor(predictions.length * fraction), predictions.length - 1, open.length);
  if (count <= 0) return [];
  return [...open]
    .sort((a, b) => (a.predicted as number) - (b.predicted as number) || b.id - a.id)
    .slice(0, count)
    .map((p) => p.id);
}
