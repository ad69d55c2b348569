/**
 * The evolution loop: performs the plan the pure parts compute. Per generation it asks the engine for a batch,
 * resolves LLM proposals through the optimizer model, pre-screens with the surrogate (optional), races the
 * candidates on growing subsets of the selection split (successive halving), tells the engine, and writes a
 * checkpoint (loop state + engine snapshot + lineage, one transaction). Every random choice comes from the
 * engine's generator and every model call goes through the response cache, so a run resumed from its last
 * checkpoint repeats no paid call and ends exactly like an uninterrupted run with the same seed.
 */
import type { MetricMeta } from '../../core/evaluation/metrics.ts';
import { createEngine, type Engine, restoreEngine } from '../../core/evolution/engine.ts';
import { hypervolume } from '../../core/evolution/pareto/hypervolume.ts';
import { type PromptGenome, promptGenome } from '../../core/evolution/prompt/genome.ts';
import { isPending, llmOperatorRegistries } from '../../core/evolution/prompt/llm-operators/index.ts';
import type { Candidate } from '../../core/evolution/types.ts';
import { engineConfigFor, PARAMETER_GENES } from '../../core/evolve/engine-config.ts';
import type { EvolveEventListener, GenerationProgress } from '../../core/evolve/events.ts';
import { descriptorsOf, exampleLine, promptFromGenome, seedGenome } from '../../core/evolve/genome-prompt.ts';
import { type HeldOutReport, summarizeHeldOut } from '../../core/evolve/held-out.ts';
import {
  type CandidateRecord,
  emptyCounters,
  type Failure,
  LOOP_STATE_FORMAT,
  type LoopState,
  type ScoredVersion,
} from '../../core/evolve/loop-state.ts';
import {
  chooseWinner,
  constraintViolation,
  holdsUp,
  objectiveVector,
  paretoFront,
  referencePoint,
} from '../../core/evolve/objectives.ts';
import { promote, promoteCount, racingRungs } from '../../core/evolve/racing.ts';
import { recordGeneration } from '../../core/evolve/records.ts';
import type { EvolveSettings } from '../../core/evolve/settings.ts';
import { splitDataset } from '../../core/evolve/split.ts';
import { surrogateScreen } from '../../core/evolve/surrogate-screen.ts';
import { casePlan, countRecords, tallyVersion } from '../../core/evolve/tally.ts';
import type { EvaluationRecord } from '../../core/ports/results-store.ts';
import { promptContentHash } from '../../core/prompt/hash.ts';
import { renderMessages } from '../../core/prompt/render.ts';
import type { DatasetRow, PromptFile } from '../../core/prompt/types.ts';
import { type Budget, isBudgetExceeded, MemoryBudget } from '../budget/budget.ts';
import { createModelCaller, type ModelCaller } from '../model-caller.ts';
import { createProvider } from '../providers/registry.ts';
import {
  type EvaluationEnvironment,
  type PreparedEvaluation,
  prepareEvaluation,
} from '../run/evaluate-prompt.ts';
import { type RunEvaluationOptions, type RunEvaluationResult, runEvaluation } from '../run-evaluation.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import type { MetaPrompts } from './meta-prompts.ts';
import { resolveProposals } from './proposals.ts';

export type EvolveSource = { file: string; name: string; data: PromptFile; text: string };

export type EvolveRunOptions = {
  runId: string;
  source: EvolveSource;
  rows: readonly DatasetRow[];
  settings: EvolveSettings;
  /** Providers, cache, store, base dir; its `budget` is ignored (the run makes its own from the settings). */
  env: EvaluationEnvironment;
  checkpoints: CheckpointStore;
  templates: MetaPrompts;
  concurrency: number;
  baseCommit: string | null;
  /** Continue from this checkpointed state instead of starting. */
  resume?: LoopState;
  onEvent?: EvolveEventListener;
  now?: () => number;
  /**
   * [distributed, issue 5] Replaces the in-process evaluation step (`evohub evolve --distributed`: the queue's
   * workers); `budget` is the one the in-process step's caller draws on.
   */
  evaluate?: (opts: RunEvaluationOptions, budget: Budget) => Promise<RunEvaluationResult>;
};

export type EvolveOutcome = {
  state: LoopState;
  baseline: CandidateRecord;
  winner: CandidateRecord;
  winnerPrompt: PromptFile;
  front: CandidateRecord[];
  heldOut: HeldOutReport;
  /** The winner differs from the baseline and is not worse on the held-out cases: it may be committed. */
  accepted: boolean;
  provider: string;
  simulated: boolean;
};

/** Case evaluations the held-out report needs (baseline and winner), kept out of the loop's budget. */
function heldOutReserve(cases: number): number {
  return 2 * cases;
}

function modelOf(ref: string): string {
  const slash = ref.indexOf('/');
  return slash < 0 ? ref : ref.slice(slash + 1);
}

class BudgetStop extends Error {}

export async function runEvolve(opts: EvolveRunOptions): Promise<EvolveOutcome> {
  const now = opts.now ?? Date.now;
  const { rows, source } = opts;
  const settings = opts.resume?.settings ?? opts.settings;
  const registries = llmOperatorRegistries();
  const objectives = settings.objectives;
  const mutable = settings.mutable;

  // --- the run's fixed parts (recomputed identically on resume) ---
  const split = opts.resume?.split ?? splitDataset(rows.length, settings.heldOut, settings.seed);
  const selection = split.selection;
  const exampleLines = selection.map((i) => exampleLine(source.data, rows[i] as DatasetRow, source.file));
  const cmaes = settings.algorithm === 'cma-es';
  const seed = seedGenome(source.data);
  const toPromptGenome = (g: unknown): PromptGenome => {
    if (!cmaes) return g as PromptGenome;
    const v = g as number[];
    const parameters = { ...seed.parameters };
    PARAMETER_GENES.forEach((name, i) => {
      parameters[name] = v[i] as number;
    });
    return { ...seed, parameters };
  };
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

  // --- budgets: the loop's, and a reserve for the held-out report ---
  const reserve = heldOutReserve(split.heldOut.length || selection.length);
  const spent = opts.resume?.counters ?? emptyCounters();
  const { maxEvaluations, maxUsd } = settings.budget;
  const loopBudget: Budget = new MemoryBudget({
    maxEvaluations:
      maxEvaluations === undefined ? undefined : Math.max(0, maxEvaluations - reserve - spent.paidCalls),
    maxUsd: maxUsd === undefined ? undefined : Math.max(0, maxUsd * 0.9 - spent.costUsd),
  });
  const heldBudget: Budget = new MemoryBudget({
    maxEvaluations: maxEvaluations === undefined ? undefined : reserve,
    maxUsd: maxUsd === undefined ? undefined : maxUsd * 0.1,
  });
  // [distributed, issue 5] The evaluation step: in-process, or on the queue's workers drawing on the same budget.
  const evaluateOn = (budget: Budget) => (o: RunEvaluationOptions) =>
    opts.evaluate ? opts.evaluate(o, budget) : runEvaluation(o);

  const fullPlan = (indexes: readonly number[]) => casePlan(rows, indexes);
  const envFor = (budget: Budget): EvaluationEnvironment => ({ ...opts.env, budget, store: undefined });
  const sourceForEval = { file: source.file, name: source.name, data: source.data, text: source.text };
  const prepared: PreparedEvaluation = await prepareEvaluation(
    sourceForEval,
    rows,
    fullPlan(rows.map((_, i) => i)),
    envFor(loopBudget),
    {},
  );
  const metrics: MetricMeta[] = prepared.metrics;
  const kindOf = (name: string): string => metrics.find((m) => m.name === name)?.kind ?? 'builtin';

  const optimizerRef = settings.optimizerModel ?? prepared.provider.id;
  const optimizerProvider = await createProvider(optimizerRef, {
    providers: opts.env.providers,
    env: opts.env.env,
    baseDir: opts.env.baseDir,
  });
  const optimizer: ModelCaller = createModelCaller({
    provider: optimizerProvider,
    config: opts.env.providers?.[optimizerRef.split('/')[0] as string],
    cache: opts.env.cache,
    budget: loopBudget,
  });

  // --- state ---
  let engine: Engine;
  let state: LoopState;
  const baselineGenome = seed;
  const baselineHash = versionHash(baselineGenome);
  if (opts.resume) {
    state = opts.resume;
    engine = restoreEngine(state.engine, registries);
  } else {
    engine = createEngine(engineConfigFor(settings, seed, selection.length), registries);
    state = {
      format: LOOP_STATE_FORMAT,
      runId: opts.runId,
      startedAt: new Date(now()).toISOString(),
      settings,
      source: { file: source.file, name: source.name, text: source.text },
      baseCommit: opts.baseCommit,
      split,
      rows: rows.length,
      baselineHash,
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
        hash: baselineHash,
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
  }
  const counters = state.counters;
  const runId = state.runId;
  opts.onEvent?.({
    type: 'evolve-started',
    runId,
    prompt: source.name,
    resumedAt: opts.resume ? engine.generation : undefined,
    generations: settings.generations,
  });

  const primaryOf = (v: ScoredVersion): number => {
    const o = objectives[0];
    if (!o || v.n === 0) return Number.NEGATIVE_INFINITY;
    const m = (v.sums[o.metric] ?? 0) / v.n;
    return o.goal === 'maximize' ? m : -m;
  };
  const valuesOf = (v: ScoredVersion): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const o of objectives) out[o.metric] = v.n === 0 ? Number.NaN : (v.sums[o.metric] ?? 0) / v.n;
    return out;
  };

  /** Evaluates a version on more selection cases (up to `upTo` in racing order); no call for cases done. */
  const pendingRecords: EvaluationRecord[] = [];
  const extend = async (
    hash: string,
    genome: PromptGenome,
    upTo: number,
    generation: number,
    share: number,
  ) => {
    const v = state.scored[hash] as ScoredVersion;
    if (v.n >= upTo) return;
    const positions = selection.slice(v.n, upTo);
    const plan = fullPlan(positions);
    const data = promptOf(genome);
    const result = await evaluateOn(loopBudget)({
      runId: `${runId}/g${generation}/${hash.slice(0, 12)}/${v.n}`,
      prompt: { file: source.file, data, hash },
      plan,
      caller: prepared.caller,
      model: prepared.model,
      scorers: prepared.scorers,
      concurrency: share,
      now,
    });
    if (result.stopped) throw new BudgetStop(result.stopped.message);
    const lastUser = data.messages.filter((m) => m.role === 'user').at(-1);
    const failureOf = (r: EvaluationRecord): Failure => {
      const row = rows[r.caseIndex] as DatasetRow;
      let input: string;
      try {
        input = lastUser ? (renderMessages([lastUser], row, source.file)[0]?.content ?? '') : '';
      } catch {
        input = JSON.stringify(row);
      }
      return { input, expected: String(row.expected ?? ''), output: r.error ?? r.output };
    };
    const recs = tallyVersion(v, result.records, positions, objectives, kindOf, failureOf);
    countRecords(counters, recs);
    v.n = upTo;
    pendingRecords.push(...recs);
  };

  const progress = (generation: number): GenerationProgress => {
    // One point per prompt version: candidates that resolved to the same text count once.
    const seen = new Set<string>();
    const full = state.candidates.filter(
      (c) => c.full && c.constraintViolation === 0 && !seen.has(c.hash) && seen.add(c.hash) !== undefined,
    );
    const front = paretoFront(full);
    const best: Record<string, number> = {};
    for (const o of objectives) {
      const xs = full.map((c) => c.values[o.metric] as number).filter(Number.isFinite);
      if (xs.length > 0) best[o.metric] = o.goal === 'maximize' ? Math.max(...xs) : Math.min(...xs);
    }
    const ref = state.referencePoint;
    const hv =
      ref && objectives.length <= 3 && front.length > 0
        ? hypervolume(
            front.map((c) => c.objectives),
            ref,
          )
        : 0;
    return {
      generation,
      best,
      frontSize: front.length,
      hypervolume: hv,
      evaluations: counters.evaluations,
      optimizerCalls: counters.optimizerCalls,
      paidCalls: counters.paidCalls,
      saved: counters.cacheHits + counters.savedByRacing + counters.savedBySurrogate,
      costUsd: counters.costUsd,
    };
  };

  const rungs = racingRungs(selection.length, settings.racing);
  const full = selection.length;

  // --- the generations ---
  while (engine.generation < settings.generations && !state.stopped) {
    const generation = engine.generation;
    let batch = engine.ask();
    if (batch.length === 0) break;
    const labels = new Map<number, string>();
    try {
      if (batch.some((c) => isPending(c.genome))) {
        const resolutions = await resolveProposals(batch, {
          caller: optimizer,
          model: modelOf(optimizerProvider.id),
          templates: opts.templates,
          task: source.data.description ?? source.name,
          scored: state.scored,
          versionHash,
          primary: primaryOf,
          concurrency: opts.concurrency,
        });
        for (const r of resolutions) {
          labels.set(r.id, r.operator);
          counters.optimizerCalls++;
          if (r.cached) counters.optimizerCacheHits++;
          else {
            counters.paidCalls++;
            counters.costUsd += r.costUsd;
          }
        }
        // Put the resolved genomes into the engine's pending batch (the engine state is plain data).
        const snap = engine.snapshot();
        const byId = new Map(resolutions.map((r) => [r.id, r.genome]));
        snap.pending = (snap.pending ?? []).map((c) =>
          byId.has(c.id) ? { ...c, genome: byId.get(c.id) } : c,
        );
        engine = restoreEngine(snap, registries);
        batch = engine.ask();
      }
      await evaluateBatch(batch, generation, labels);
    } catch (error) {
      if (error instanceof BudgetStop || isBudgetExceeded(error)) {
        state.stopped = (error as Error).message;
        opts.onEvent?.({ type: 'evolve-stopped', runId, reason: state.stopped });
        break;
      }
      throw error;
    }
  }

  async function evaluateBatch(batch: Candidate<unknown>[], generation: number, labels: Map<number, string>) {
    const genomes = new Map(batch.map((c) => [c.id, toPromptGenome(c.genome)]));
    const hashes = new Map(batch.map((c) => [c.id, versionHash(genomes.get(c.id) as PromptGenome)]));
    for (const c of batch) {
      const h = hashes.get(c.id) as string;
      const g = genomes.get(c.id) as PromptGenome;
      state.scored[h] ??= { text: instruction(g), sums: {}, n: 0, errors: 0, failures: [] };
    }
    // Surrogate pre-screen: skip the new candidates predicted worst.
    const skipped = settings.surrogate.enabled
      ? surrogateScreen({
          batch: batch.map((c) => ({
            id: c.id,
            hash: hashes.get(c.id) as string,
            genome: genomes.get(c.id) as PromptGenome,
          })),
          scored: state.scored,
          genomes: new Map(state.candidates.map((c) => [c.hash, c.genome])),
          objectives,
          primary: primaryOf,
          distance: (a, b) => promptGenome.distance(a, b, genomeOptions),
          k: settings.surrogate.k,
          fraction: settings.surrogate.fraction,
          pinned: baselineHash,
        })
      : new Map<number, Record<string, number>>();
    counters.savedBySurrogate += skipped.size * (rungs[0] ?? full);
    // The baseline is always known on the whole selection set (CMA-ES, for one, never asks for it as is).
    if (
      !state.candidates.some((c) => c.hash === baselineHash) &&
      ![...hashes.values()].includes(baselineHash)
    ) {
      state.scored[baselineHash] ??= {
        text: instruction(baselineGenome),
        sums: {},
        n: 0,
        errors: 0,
        failures: [],
      };
      await extend(baselineHash, baselineGenome, full, generation, opts.concurrency);
      const v = state.scored[baselineHash] as ScoredVersion;
      const values = valuesOf(v);
      state.candidates.push({
        id: -1,
        hash: baselineHash,
        generation,
        operator: 'seed',
        parents: [],
        values,
        cases: v.n,
        full: true,
        objectives: objectiveVector(values, objectives),
        constraintViolation:
          (v.n > 0 && v.errors / v.n > 0.5 ? v.errors / v.n : 0) + constraintViolation(values, objectives),
        scoredBy: 'evaluation',
        genome: baselineGenome,
      });
    }
    // Racing: successive halving over the rungs; the baseline always runs to the end.
    let alive = batch.filter((c) => !skipped.has(c.id));
    for (const [ri, need] of rungs.entries()) {
      const unique = [...new Set(alive.map((c) => hashes.get(c.id) as string))];
      const share = Math.max(1, Math.floor(opts.concurrency / Math.max(1, unique.length)));
      await Promise.all(
        unique.map((h) => {
          const c = alive.find((x) => hashes.get(x.id) === h) as Candidate<unknown>;
          return extend(h, genomes.get(c.id) as PromptGenome, need, generation, share);
        }),
      );
      if (ri === rungs.length - 1) break;
      const entries = alive.map((c) => ({
        id: c.id,
        score: primaryOf(state.scored[hashes.get(c.id) as string] as ScoredVersion),
        pinned: hashes.get(c.id) === baselineHash,
      }));
      const keep = new Set(promote(entries, promoteCount(alive.length, settings.racing.eta)));
      // Saved: the remaining cases of every version no promoted candidate carries on.
      const carried = new Set(alive.filter((c) => keep.has(c.id)).map((c) => hashes.get(c.id) as string));
      for (const h of unique) {
        if (!carried.has(h)) counters.savedByRacing += full - (state.scored[h] as ScoredVersion).n;
      }
      alive = alive.filter((c) => keep.has(c.id));
    }
    // Tell the engine; record candidates and lineage.
    const evaluations = batch.map((c) => {
      const h = hashes.get(c.id) as string;
      const v = state.scored[h] as ScoredVersion;
      const values = skipped.get(c.id) ?? valuesOf(v);
      const errorShare = v.n === 0 ? 0 : v.errors / v.n;
      const e: { id: number; objectives: number[]; constraintViolation: number; descriptors?: number[] } = {
        id: c.id,
        objectives: objectiveVector(values, objectives),
        constraintViolation: (errorShare > 0.5 ? errorShare : 0) + constraintViolation(values, objectives),
      };
      if (settings.algorithm === 'map-elites')
        e.descriptors = descriptorsOf(genomes.get(c.id) as PromptGenome, mutable);
      return { c, h, v, values, e };
    });
    engine.tell(evaluations.map((x) => x.e));
    const { records, lineage } = recordGeneration(
      evaluations.map(({ c, h, v, values, e }) => ({
        candidate: c,
        hash: h,
        values,
        cases: skipped.has(c.id) ? 0 : v.n,
        full: !skipped.has(c.id) && v.n >= full,
        objectives: e.objectives,
        constraintViolation: e.constraintViolation,
        scoredBy: skipped.has(c.id) ? 'surrogate' : 'evaluation',
        genome: genomes.get(c.id) as PromptGenome,
      })),
      state.candidates,
      {
        generation,
        labels,
        baselineHash,
        baselineGenome,
        name: source.name,
        runId,
        createdAt: new Date(now()).toISOString(),
      },
    );
    state.candidates.push(...records);
    if (!state.referencePoint) {
      const base = state.candidates.find((c) => c.hash === baselineHash && c.full);
      if (base) state.referencePoint = referencePoint(base.objectives, objectives);
    }
    const p = progress(generation);
    state.history.push({ generation, hypervolume: p.hypervolume, best: p.best });
    // Evaluations of a finished generation go to the results store, then the checkpoint.
    if (opts.env.store && pendingRecords.length > 0) {
      await opts.env.store.appendEvaluations(pendingRecords.splice(0));
      await opts.env.store.flush();
    }
    pendingRecords.length = 0;
    state.engine = engine.snapshot();
    await opts.checkpoints.save(runId, engine.generation, state, lineage);
    opts.onEvent?.({ type: 'generation-finished', runId, ...p });
    opts.onEvent?.({ type: 'checkpoint-written', runId, generation: engine.generation });
  }

  // --- the winner and the held-out report ---
  const baselineScored = state.scored[baselineHash];
  const baseline: CandidateRecord = state.candidates.find((c) => c.hash === baselineHash) ?? {
    // Stopped (budget) before the baseline was evaluated: it is still the reference of the report.
    id: -1,
    hash: baselineHash,
    generation: 0,
    operator: 'seed',
    parents: [],
    values: baselineScored ? valuesOf(baselineScored) : {},
    cases: baselineScored?.n ?? 0,
    full: false,
    objectives: [],
    constraintViolation: 0,
    scoredBy: 'evaluation',
    genome: baselineGenome,
  };
  const winnerId = chooseWinner(state.candidates);
  const winner = state.candidates.find((c) => c.id === winnerId) ?? baseline;
  const winnerPrompt = promptOf(winner.genome);
  // One entry per prompt version (several candidates can resolve to the same text); the winner's id wins.
  const seenHashes = new Set<string>();
  const front = paretoFront(state.candidates.filter((c) => c.full))
    .sort(
      (a, b) =>
        (a.objectives[0] ?? 0) - (b.objectives[0] ?? 0) ||
        Number(b.id === winner.id) - Number(a.id === winner.id) ||
        a.id - b.id,
    )
    .filter((c) => !seenHashes.has(c.hash) && seenHashes.add(c.hash) !== undefined);
  const onSelection = split.heldOut.length === 0;
  const reportCases = onSelection ? selection : split.heldOut;
  opts.onEvent?.({ type: 'held-out-started', runId, cases: reportCases.length });
  const heldPrepared = await prepareEvaluation(
    sourceForEval,
    rows,
    fullPlan(reportCases),
    envFor(heldBudget),
    {},
  );
  const evalOn = async (data: PromptFile, hash: string, tag: string) => {
    const r = await evaluateOn(heldBudget)({
      runId: `${runId}/held-out/${tag}`,
      prompt: { file: source.file, data, hash },
      plan: fullPlan(reportCases),
      caller: heldPrepared.caller,
      model: heldPrepared.model,
      scorers: heldPrepared.scorers,
      concurrency: opts.concurrency,
      now,
    });
    countRecords(counters, r.records);
    if (opts.env.store) await opts.env.store.appendEvaluations(r.records);
    return r.records;
  };
  const baseRecs = await evalOn(promptOf(baselineGenome), baselineHash, 'baseline');
  const winRecs = winner.hash === baselineHash ? baseRecs : await evalOn(winnerPrompt, winner.hash, 'winner');
  if (opts.env.store) await opts.env.store.flush();
  const heldOut = summarizeHeldOut(baseRecs, winRecs, objectives, kindOf, {
    cases: reportCases.length,
    onSelection,
  });
  return {
    state,
    baseline,
    winner,
    winnerPrompt,
    front,
    heldOut,
    accepted:
      winner.hash !== baselineHash && holdsUp(heldOut.difference.mean, objectives[0]?.goal ?? 'maximize'),
    provider: prepared.provider.id,
    simulated: prepared.provider.simulated,
  };
}
