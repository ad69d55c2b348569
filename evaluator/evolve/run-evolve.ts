/**
 * The evolution loop: performs the plan the pure parts compute (core/evolve). Per generation it asks the engine
 * for a batch, resolves LLM proposals through the optimizer model, then evaluates the batch (surrogate
 * pre-screen, racing, tell, checkpoint: evaluate-batch.ts). Every random choice comes from the engine's
 * generator and every model call goes through the response cache, so a run resumed from its last checkpoint
 * repeats no paid call and ends exactly like an uninterrupted run with the same seed.
 */
import { restoreEngine } from '../../core/evolution/engine.ts';
import { isPending } from '../../core/evolution/prompt/llm-operators/index.ts';
import type { Candidate } from '../../core/evolution/types.ts';
import { budgetStopMessage } from '../../core/evolve/budget-stop.ts';
import { countProposals, primaryScore } from '../../core/evolve/generation-plan.ts';
import type { EvolveOutcome } from '../../core/evolve/report.ts';
import { isBudgetExceeded } from '../budget/budget.ts';
import { BudgetStop, evaluateBatch } from './evaluate-batch.ts';
import { finishRun } from './held-out-run.ts';
import { resolveProposals } from './proposals.ts';
import type { EvolveRun, EvolveRunOptions } from './run-types.ts';
import { setUpRun } from './set-up.ts';

function modelOf(ref: string): string {
  const slash = ref.indexOf('/');
  return slash < 0 ? ref : ref.slice(slash + 1);
}

/** LLM proposals of the batch resolved through the optimizer, put back into the engine's pending batch. */
async function resolveBatch(
  run: EvolveRun,
  batch: Candidate<unknown>[],
  labels: Map<number, string>,
): Promise<Candidate<unknown>[]> {
  if (!batch.some((c) => isPending(c.genome))) return batch;
  const { state, opts, source } = run;
  const resolutions = await resolveProposals(batch, {
    caller: run.optimizer,
    model: modelOf(run.optimizerProvider.id),
    templates: opts.templates,
    task: source.data.description ?? source.name,
    scored: state.scored,
    versionHash: run.versionHash,
    primary: (v) => primaryScore(v, run.settings.objectives),
    concurrency: opts.concurrency,
  });
  for (const r of resolutions) labels.set(r.id, r.operator);
  countProposals(state.counters, resolutions);
  // Put the resolved genomes into the engine's pending batch (the engine state is plain data).
  const snap = run.engine.snapshot();
  const byId = new Map(resolutions.map((r) => [r.id, r.genome]));
  snap.pending = (snap.pending ?? []).map((c) => (byId.has(c.id) ? { ...c, genome: byId.get(c.id) } : c));
  run.engine = restoreEngine(snap, run.registries);
  return run.engine.ask();
}

export async function runEvolve(opts: EvolveRunOptions): Promise<EvolveOutcome> {
  const run = await setUpRun(opts);
  const { state, settings } = run;
  const runId = state.runId;
  opts.onEvent?.({
    type: 'evolve-started',
    runId,
    prompt: run.source.name,
    resumedAt: opts.resume ? run.engine.generation : undefined,
    generations: settings.generations,
  });
  while (run.engine.generation < settings.generations && !state.stopped) {
    const generation = run.engine.generation;
    const asked = run.engine.ask();
    if (asked.length === 0) break;
    const labels = new Map<number, string>();
    try {
      const batch = await resolveBatch(run, asked, labels);
      await evaluateBatch(run, batch, generation, labels);
    } catch (error) {
      if (error instanceof BudgetStop || isBudgetExceeded(error)) {
        await storeInterrupted(run);
        state.stopped = budgetStopMessage(settings, state.counters, run.reserve, (error as Error).message);
        opts.onEvent?.({ type: 'evolve-stopped', runId, reason: state.stopped });
        break;
      }
      throw error;
    }
    const patience = settings.patience ?? 0;
    if (patience > 0 && (state.stale ?? 0) >= patience) {
      state.stopped = `the front did not move for ${patience} generation${patience === 1 ? '' : 's'} (patience ${patience})`;
      opts.onEvent?.({ type: 'evolve-stopped', runId, reason: state.stopped });
    }
  }
  return finishRun(run);
}

/** [issue 16 item 4] The evaluations of the generation the budget interrupted were paid: store them. */
async function storeInterrupted(run: EvolveRun): Promise<void> {
  const store = run.opts.env.store;
  const records = run.pendingRecords.splice(0);
  if (store && records.length > 0) {
    await store.appendEvaluations(records);
    await store.flush();
  }
}
