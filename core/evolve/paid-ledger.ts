/**
 * The ledger of a run's paid calls: one entry per provider call the run paid for, written at the moment it is
 * paid (before the answer is cached), keyed by the call's content hash (the response-cache key). A run's spend
 * and paid-call count are derived from it, so a crash (kill -9 mid-generation, a killed worker whose job is
 * retried from the cache) neither loses a paid call nor counts one twice: an entry recorded again under the
 * same key counts once.
 */
export type PaidCall = { key: string; costUsd: number };

export type PaidTotals = { calls: number; costUsd: number };

export interface PaidLedger {
  record(call: PaidCall): Promise<void>;
  /** Every paid call once (the first entry of a key). */
  entries(): Promise<PaidCall[]>;
  totals(): Promise<PaidTotals>;
}

/** Each key once, the first entry of a key winning. */
export function distinctCalls(entries: Iterable<PaidCall>): PaidCall[] {
  const seen = new Map<string, PaidCall>();
  for (const e of entries) if (!seen.has(e.key)) seen.set(e.key, e);
  return [...seen.values()];
}

/** Sums entries, each key once (the first entry of a key wins). */
export function ledgerTotals(entries: Iterable<PaidCall>): PaidTotals {
  const seen = new Set<string>();
  let costUsd = 0;
  for (const e of entries) {
    if (seen.has(e.key)) continue;
    seen.add(e.key);
    costUsd += Number.isFinite(e.costUsd) && e.costUsd > 0 ? e.costUsd : 0;
  }
  return { calls: seen.size, costUsd };
}

/** JSON lines of entries; a torn last line (a kill during the append) is skipped. */
export function parseLedgerLines(text: string): PaidCall[] {
  const out: PaidCall[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const e = JSON.parse(line) as Partial<PaidCall>;
      if (typeof e.key === 'string' && typeof e.costUsd === 'number')
        out.push({ key: e.key, costUsd: e.costUsd });
    } catch {
      // a partial line from an interrupted append: that call's answer was never used
    }
  }
  return out;
}
