/**
 * The stop message of a budget-stopped run, in the user's terms: the budget they asked for, what the search paid
 * (the interrupted generation's calls included) and what is kept for the held-out report, instead of the loop
 * budget's own "budget of 2904 reached" (issue 16 item 4).
 */
import { HELD_OUT_USD_SHARE } from './generation-plan.ts';
import type { Counters } from './loop-state.ts';
import type { EvolveSettings } from './settings.ts';

export function budgetStopMessage(
  settings: Pick<EvolveSettings, 'budget'>,
  counters: Counters,
  reserve: number,
  cause: string,
): string {
  const max = settings.budget.maxEvaluations;
  const interrupted = counters.interruptedCalls ?? 0;
  const partial = interrupted > 0 ? ` (${interrupted} of them in the interrupted generation)` : '';
  const usd = settings.budget.maxUsd;
  if (usd !== undefined && /USD budget/.test(cause)) {
    return `USD budget of $${usd} reached: the search paid ${counters.paidCalls} calls ($${counters.costUsd.toFixed(4)})${partial} and $${(usd * HELD_OUT_USD_SHARE).toFixed(4)} (${HELD_OUT_USD_SHARE * 100}%) is reserved for the held-out report`;
  }
  if (max === undefined || !/evaluation budget/.test(cause)) {
    return `${cause}; the search paid ${counters.paidCalls} calls${partial}; ${reserve} evaluations are reserved for the held-out report`;
  }
  return `budget of ${max} calls reached: the search paid ${counters.paidCalls}${partial} and ${reserve} are reserved for the held-out report (baseline and winner on the held-out cases)`;
}
