/**
 * Racing by successive halving: every candidate of a generation is scored on the first `minCases` selection
 * cases; the best 1/eta move on to eta times as many cases, and so on until the last rung, the full selection
 * set. All candidates of a rung see the same cases, so they are compared fairly; cases not run are "saved".
 */
export type RacingOptions = { enabled: boolean; minCases: number; eta: number };

/** Cumulative case counts of the rungs; the last is always `total`. */
export function racingRungs(total: number, opts: RacingOptions): number[] {
  if (!opts.enabled || total <= opts.minCases) return [total];
  const rungs: number[] = [];
  for (let r = Math.max(1, Math.floor(opts.minCases)); r < total; r = Math.ceil(r * opts.eta)) rungs.push(r);
  rungs.push(total);
  return rungs;
}

/** How many of `n` candidates move on to the next rung. */
export function promoteCount(n: number, eta: number): number {
  return Math.max(1, Math.ceil(n / eta));
}

export type RaceEntry = {
  id: number;
  score: number /** Always promoted (the baseline). */;
  pinned?: boolean;
};

/** Ids that move on: the pinned ones (they take no slot) plus the `keep` best others (ties: lower id). */
export function promote(entries: readonly RaceEntry[], keep: number): number[] {
  const ranked = entries.filter((e) => !e.pinned).sort((a, b) => b.score - a.score || a.id - b.id);
  const chosen = new Set([...entries.filter((e) => e.pinned), ...ranked.slice(0, keep)].map((e) => e.id));
  return entries.filter((e) => chosen.has(e.id)).map((e) => e.id);
}
