import type { Counters } from '../../core/evolve/loop-state.ts';
import type { PaidLedger } from '../../core/evolve/paid-ledger.ts';

/**
 * Sets the run's paid calls and cost from its ledger (when it has one). In-memory tallies checkpointed per
 * generation miss the calls paid after the last checkpoint of a killed process, which a resumed run then
 * finds in the cache; the ledger recorded each of them as it was paid.
 */
export async function spendFromLedger(ledger: PaidLedger | undefined, counters: Counters): Promise<void> {
  if (!ledger) return;
  const t = await ledger.totals();
  // An empty ledger beside paid tallies is missing (a run started before ledgers, a deleted file): keep them.
  // Otherwise the ledger wins, also over tallies that are too high (a resumed distributed run counts the
  // finished jobs of the interrupted generation again).
  if (t.calls === 0 && counters.paidCalls > 0) return;
  counters.paidCalls = t.calls;
  counters.costUsd = t.costUsd;
}
