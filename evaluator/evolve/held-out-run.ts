/** After the loop: the winner and front, and the held-out report (baseline and winner on unseen cases). */
import { unevaluatedBaseline, winnerAndFront } from '../../core/evolve/generation-plan.ts';
import { summarizeHeldOut } from '../../core/evolve/held-out.ts';
import { holdsUp } from '../../core/evolve/objectives.ts';
import type { EvolveOutcome } from '../../core/evolve/report.ts';
import { countRecords } from '../../core/evolve/tally.ts';
import type { PromptFile } from '../../core/prompt/types.ts';
import type { EvolveRun } from './run-types.ts';
import { spendFromLedger } from './spend-from-ledger.ts';

export async function finishRun(run: EvolveRun): Promise<EvolveOutcome> {
  const { state, opts, split, selection, baselineHash, baselineGenome } = run;
  const objectives = run.settings.objectives;
  const runId = state.runId;
  const baseline =
    state.candidates.find((c) => c.hash === baselineHash) ??
    unevaluatedBaseline(state.scored[baselineHash], baselineHash, baselineGenome, objectives);
  const { winner, front } = winnerAndFront(state.candidates, baseline);
  const winnerPrompt = run.promptOf(winner.genome);
  const onSelection = split.heldOut.length === 0;
  const reportCases = onSelection ? selection : split.heldOut;
  opts.onEvent?.({ type: 'held-out-started', runId, cases: reportCases.length });
  const heldPrepared = await run.prepare(reportCases, run.heldBudget);
  const evalOn = async (data: PromptFile, hash: string, tag: string) => {
    const r = await run.evaluateOn(run.heldBudget)({
      runId: `${runId}/held-out/${tag}`,
      prompt: { file: run.source.file, data, hash },
      plan: run.fullPlan(reportCases),
      caller: heldPrepared.caller,
      model: heldPrepared.model,
      scorers: heldPrepared.scorers,
      concurrency: opts.concurrency,
      now: run.now,
    });
    countRecords(state.counters, r.records);
    opts.onRecords?.(r.records);
    if (opts.env.store) await opts.env.store.appendEvaluations(r.records);
    return r.records;
  };
  const baseRecs = await evalOn(run.promptOf(baselineGenome), baselineHash, 'baseline');
  const winRecs = winner.hash === baselineHash ? baseRecs : await evalOn(winnerPrompt, winner.hash, 'winner');
  if (opts.env.store) await opts.env.store.flush();
  // The report's paid calls and cost are the ledger's: every paid call once, across crashes and workers.
  await spendFromLedger(opts.env.ledger, state.counters);
  const heldOut = summarizeHeldOut(baseRecs, winRecs, objectives, run.kindOf, {
    cases: reportCases.length,
    onSelection,
  });
  const accepted =
    winner.hash !== baselineHash && holdsUp(heldOut.difference.mean, objectives[0]?.goal ?? 'maximize');
  const { evaluations, paidCalls, costUsd } = state.counters;
  opts.onEvent?.({
    type: 'evolve-finished',
    runId,
    status: state.stopped ? 'stopped' : 'completed',
    winner: winner.hash,
    accepted,
    evaluations,
    paidCalls,
    costUsd,
  });
  return {
    state,
    baseline,
    winner,
    winnerPrompt,
    front,
    heldOut,
    accepted,
    provider: run.prepared.provider.id,
    simulated: run.prepared.provider.simulated,
  };
}
