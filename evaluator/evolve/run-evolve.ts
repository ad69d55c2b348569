/**
 * The evolution loop: performs the plan the pure parts compute (core/evolve). Per generation it asks the engine
 * for a batch, resolves LLM proposals through the optimizer model, then evaluates the batch (surrogate
 * pre-screen, racing, tell, checkpoint: evaluate-batch.ts). Every random choice comes from the engine's
 * generator and every model call goes through the response cache, so a run resumed from its last checkpoint
 * repeats no paid call and ends exactly like an uninterrupted run with the same seed.
 */
import { restoreEngine } from '../../core/evolution/engine.ts';
import type { PromptGenome } from '../../core/evolution/prompt/genome.ts';
import { isPending } from '../../core/evolution/prompt/llm-operators/index.ts';
import { normalisePrompt } from '../../core/evolution/prompt/normalise.ts';
import type { Candidate } from '../../core/evolution/types.ts';
import { budgetStopMessage } from '../../core/evolve/budget-stop.ts';
import { countProposals, primaryScore } from '../../core/evolve/generation-plan.ts';
import type { EvolveOutcome } from '../../core/evolve/report.ts';
import { isBudgetExceeded } from '../budget/budget.ts';
import { BudgetStop, evaluateBatch, scoreBaselineFirst } from './evaluate-batch.ts';
import { finishRun } from './held-out-run.ts';
import { resolveProposals } from './proposals.ts';
import type { EvolveRun, EvolveRunOptions } from './run-types.ts';
import { setUpRun } from './set-up.ts';

function modelOf(ref: string): string {
  const slash = ref.indexOf('/');
  return slash < 0 ? ref : ref.slice(slash + 1);
}

/**
 * Proposals of the batch resolved (through the optimizer, or from the loop's records), then every candidate
 * normalised (sentences de-duplicated) before it is paid for; changed genomes go back into the engine's pending
 * batch so that the engine breeds from what was evaluated.
 */
async function resolveBatch(
  run: EvolveRun,
  batch: Candidate<unknown>[],
  labels: Map<number, string>,
): Promise<Candidate<unknown>[]> {
  const { state, opts, source } = run;
  const resolved = new Map<number, unknown>();
  if (batch.some((c) => isPending(c.genome))) {
    const shotsByHash = new Map(state.candidates.map((c) => [c.hash, c.genome.fewShot]));
    const resolutions = await resolveProposals(batch, {
      fewShotOf: (hash) => shotsByHash.get(hash),
      caller: run.optimizer,
      model: modelOf(run.optimizerProvider.id),
      templates: opts.templates,
      task: source.data.description ?? source.name,
      scored: state.scored,
      versionHash: run.versionHash,
      primary: (v) => primaryScore(v, run.settings.objectives),
      concurrency: opts.concurrency,
      goal: run.settings.objectives[0]?.goal ?? 'maximize',
      expected: run.selection.map((i) => {
        const e = run.rows[i]?.expected;
        return e === undefined ? undefined : String(e);
      }),
      maxFewShot: Math.min(run.settings.maxFewShot, run.selection.length),
    });
    for (const r of resolutions) {
      labels.set(r.id, r.operator);
      resolved.set(r.id, r.genome);
    }
    countProposals(state.counters, resolutions);
  }
  if (run.normalise) {
    for (const c of batch) {
      const g = (resolved.get(c.id) ?? c.genome) as PromptGenome;
      if (isPending(g)) continue;
      const n = normalisePrompt(g, run.settings.mutable);
      if (n !== g) resolved.set(c.id, n);
    }
  }
  if (resolved.size === 0) return batch;
  // Put the resolved genomes into the engine's pending batch (the engine state is plain data).
  const snap = run.engine.snapshot();
  snap.pending = (snap.pending ?? []).map((c) =>
    resolved.has(c.id) ? { ...c, genome: resolved.get(c.id) } : c,
  );
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
      if (generation === 0) await scoreBaselineFirst(run, generation);
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
