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
  /** Breaks ties of `score` (higher first): e.g. the parents' score, since few cases tie often. */
  prior?: number;
};

/** Ids that move on: the pinned ones (they take no slot) plus the `keep` best others (ties: lower id). */
export function promote(entries: readonly RaceEntry[], keep: number): number[] {
  const prior = (e: RaceEntry) => (Number.isFinite(e.prior) ? (e.prior as number) : Number.NEGATIVE_INFINITY);
  const ranked = entries
    .filter((e) => !e.pinned)
    .sort((a, b) => b.score - a.score || prior(b) - prior(a) || a.id - b.id);
  const chosen = new Set([...entries.filter((e) => e.pinned), ...ranked.slice(0, keep)].map((e) => e.id));
  return entries.filter((e) => chosen.has(e.id)).map((e) => e.id);
}

/**
 * About how many case evaluations a generation's racing will run (the progress display's total and ETA):
 * `racing` holds the cases each racing version has already, `pinned` those of versions that always run to the end
 * (the baseline). Each rung keeps `promoteCount` of them; which ones depends on the scores, so every version is
 * weighted by the share still racing. An estimate: the display never shows less than what was done.
 */
export function racingEstimate(
  racing: readonly number[],
  rungs: readonly number[],
  eta: number,
  pinned: readonly number[] = [],
): number {
  const full = rungs.at(-1) ?? 0;
  let total = pinned.reduce((sum, n) => sum + Math.max(0, full - n), 0);
  let alive = racing.length;
  let previous = 0;
  for (const need of rungs) {
    if (alive === 0) break;
    const lacking = racing.reduce((sum, n) => sum + Math.max(0, need - Math.max(previous, n)), 0);
    total += (alive / racing.length) * lacking;
    previous = need;
    alive = Math.min(alive, promoteCount(alive + pinned.length, eta));
  }
  return Math.round(total);
}
