/**
 * Set-up of an evolution run: the split, the genome's views, the two budgets (the loop's and the held-out
 * reserve), the prepared evaluation, the optimizer model, and the engine and loop state (new, or from a resumed
 * checkpoint). Everything here is recomputed identically on resume.
 */
import { createEngine, restoreEngine } from '../../core/evolution/engine.ts';
import { type PromptGenome, promptGenome } from '../../core/evolution/prompt/genome.ts';
import { llmOperatorRegistries } from '../../core/evolution/prompt/llm-operators/index.ts';
import { algorithmPlan, promptGenomeOf } from '../../core/evolve/algorithm-plans.ts';
import { engineConfigFor } from '../../core/evolve/engine-config.ts';
import { HELD_OUT_USD_SHARE, heldOutReserve } from '../../core/evolve/generation-plan.ts';
import { exampleLine, promptFromGenome, seedGenome } from '../../core/evolve/genome-prompt.ts';
import { emptyCounters, LOOP_STATE_FORMAT, type LoopState } from '../../core/evolve/loop-state.ts';
import type { PaidLedger } from '../../core/evolve/paid-ledger.ts';
import { racingRungs } from '../../core/evolve/racing.ts';
import { splitDataset } from '../../core/evolve/split.ts';
import { casePlan } from '../../core/evolve/tally.ts';
import { textUnits } from '../../core/evolve/text-vector.ts';
import type { Budget } from '../../core/ports/budget.ts';
import { promptContentHash } from '../../core/prompt/hash.ts';
import type { DatasetRow } from '../../core/prompt/types.ts';
import { MemoryBudget } from '../budget/budget.ts';
import { createModelCaller } from '../model-caller.ts';
import { createProvider } from '../providers/registry.ts';
import { type EvaluationEnvironment, prepareEvaluation } from '../run/evaluate-prompt.ts';
import { type RunEvaluationOptions, runEvaluation } from '../run-evaluation.ts';
import type { EvolveRun, EvolveRunOptions } from './run-types.ts';
import { spendFromLedger } from './spend-from-ledger.ts';

/** The loop's budget and the held-out report's reserve (a resumed run's spend read from its ledger first). */
async function budgetsFor(
  opts: EvolveRunOptions,
  settings: EvolveRun['settings'],
  split: EvolveRun['split'],
  selectionSize: number,
): Promise<{ reserve: number; loopBudget: Budget; heldBudget: Budget }> {
  const reserve = heldOutReserve(split.heldOut.length || selectionSize);
  // [issue 15 item 5] Resumed: the spend is what the ledger recorded, paid calls after the last checkpoint included.
  if (opts.resume) await spendFromLedger(opts.env.ledger, opts.resume.counters);
  const spent = opts.resume?.counters ?? emptyCounters();
  const { maxEvaluations, maxUsd } = settings.budget;
  const loopBudget: Budget = new MemoryBudget({
    maxEvaluations:
      maxEvaluations === undefined ? undefined : Math.max(0, maxEvaluations - reserve - spent.paidCalls),
    maxUsd: maxUsd === undefined ? undefined : Math.max(0, maxUsd * (1 - HELD_OUT_USD_SHARE) - spent.costUsd),
  });
  const heldBudget: Budget = new MemoryBudget({
    maxEvaluations: maxEvaluations === undefined ? undefined : reserve,
    maxUsd: maxUsd === undefined ? undefined : maxUsd * HELD_OUT_USD_SHARE,
  });
  return { reserve, loopBudget, heldBudget };
}

export async function setUpRun(opts: EvolveRunOptions): Promise<EvolveRun> {
  const now = opts.now ?? Date.now;
  const { rows, source } = opts;
  const settings = opts.resume?.settings ?? opts.settings;
  const registries = llmOperatorRegistries();
  const mutable = settings.mutable;

  const split = opts.resume?.split ?? splitDataset(rows.length, settings.heldOut, settings.seed);
  const selection = split.selection;
  const exampleLines = selection.map((i) => exampleLine(source.data, rows[i] as DatasetRow, source.file));
  const seed = seedGenome(source.data);
  const plan = algorithmPlan(settings.algorithm);
  const describe = plan.descriptors;
  // CMA-ES's vector weighs the instruction's sentences and the phrase bank (a clear error if none may change).
  const fewShotUnits = {
    selection: selection.length,
    maxFewShot: Math.min(settings.maxFewShot, selection.length),
  };
  const units = plan.genome === 'vector' ? textUnits(seed, mutable, fewShotUnits, source.file) : undefined;
  const toPromptGenome = (g: unknown): PromptGenome => promptGenomeOf(plan, g, seed, units);
  const promptOf = (g: PromptGenome) => promptFromGenome(source.data, g, exampleLines, mutable);
  const versionHash = (g: PromptGenome) => promptContentHash(promptOf(g));
  const instruction = (g: PromptGenome) => g.messages.find((m) => mutable.includes(m.role))?.content ?? '';
  const genomeOptions = {
    datasetSize: selection.length,
    maxFewShot: settings.maxFewShot,
    mutableRoles: mutable,
    temperature: [0, 2],
    topP: [0, 1],
    maxTokens: [16, 4096],
  };

  const { reserve, loopBudget, heldBudget } = await budgetsFor(opts, settings, split, selection.length);
  // [distributed, issue 5] The evaluation step: in-process, or on the queue's workers drawing on the same budget.
  const evaluateOn = (budget: Budget) => (o: RunEvaluationOptions) =>
    opts.evaluate ? opts.evaluate(o, budget) : runEvaluation(o);

  const fullPlan = (indexes: readonly number[]) => casePlan(rows, indexes);
  const envFor = (budget: Budget): EvaluationEnvironment => ({ ...opts.env, budget, store: undefined });
  const sourceForEval = { file: source.file, name: source.name, data: source.data, text: source.text };
  const prepare = (indexes: readonly number[], budget: Budget) =>
    prepareEvaluation(sourceForEval, rows, fullPlan(indexes), envFor(budget), {});
  const prepared = await prepare(
    rows.map((_, i) => i),
    loopBudget,
  );
  const metrics = prepared.metrics;
  const kindOf = (name: string): string => metrics.find((m) => m.name === name)?.kind ?? 'builtin';

  const optimizerRef = settings.optimizerModel ?? prepared.provider.id;
  const optimizerProvider = await createProvider(optimizerRef, {
    providers: opts.env.providers,
    env: opts.env.env,
    baseDir: opts.env.baseDir,
  });
  const optimizer = createModelCaller({
    provider: optimizerProvider,
    config: opts.env.providers?.[optimizerRef.split('/')[0] as string],
    cache: opts.env.cache,
    budget: loopBudget,
    onPaid: opts.env.ledger && ((c) => (opts.env.ledger as PaidLedger).record(c)),
  });

  const baselineHash = versionHash(seed);
  const { engine, state } = opts.resume
    ? { state: opts.resume, engine: restoreEngine(opts.resume.engine, registries) }
    : await startState(opts, createEngine(engineConfigFor(settings, seed, selection.length), registries), {
        now,
        settings,
        split,
        baselineHash,
      });

  return {
    opts,
    now,
    rows,
    source,
    settings,
    registries,
    split,
    selection,
    full: selection.length,
    rungs: racingRungs(selection.length, settings.racing),
    baselineGenome: seed,
    baselineHash,
    toPromptGenome,
    promptOf,
    versionHash,
    instruction,
    distance: (a, b) => promptGenome.distance(a, b, genomeOptions),
    descriptors: describe ? (g) => describe(g, mutable) : undefined,
    loopBudget,
    heldBudget,
    reserve,
    normalise: plan.genome === 'prompt',
    evaluateOn,
    fullPlan,
    prepare,
    prepared,
    metrics,
    kindOf,
    optimizer,
    optimizerProvider,
    engine,
    state,
    pendingRecords: [],
  };
}

/** A new run's loop state, and the baseline's lineage entry (the original, or an edit of its parents). */
async function startState(
  opts: EvolveRunOptions,
  engine: ReturnType<typeof createEngine>,
  fixed: Pick<EvolveRun, 'now' | 'settings' | 'split' | 'baselineHash'>,
): Promise<{ engine: ReturnType<typeof createEngine>; state: LoopState }> {
  const { source } = opts;
  const state: LoopState = {
    format: LOOP_STATE_FORMAT,
    runId: opts.runId,
    startedAt: new Date(fixed.now()).toISOString(),
    settings: fixed.settings,
    source: { file: source.file, name: source.name, text: source.text },
    baseCommit: opts.baseCommit,
    split: fixed.split,
    rows: opts.rows.length,
    baselineHash: fixed.baselineHash,
    engine: engine.snapshot(),
    scored: {},
    candidates: [],
    counters: emptyCounters(),
    referencePoint: null,
    history: [],
  };
  const parents = source.data.lineage?.parents ?? [];
  await opts.checkpoints.recordLineage([
    {
      hash: fixed.baselineHash,
      name: source.name,
      runId: opts.runId,
      candidateId: -1,
      generation: 0,
      operator: parents.length > 0 ? 'edited' : 'original',
      parents,
      fitness: {},
      createdAt: state.startedAt,
    },
  ]);
  return { engine, state };
}
