/**
 * One generation's evaluation: the surrogate pre-screen, the baseline on the whole selection set, racing over
 * the rungs, then telling the engine and recording candidates, lineage, results and the checkpoint.
 */
import type { PromptGenome } from '../../core/evolution/prompt/genome.ts';
import type { Candidate } from '../../core/evolution/types.ts';
import {
  baselineCandidate,
  emptyScored,
  engineEvaluation,
  generationProgress,
  meanValues,
  primaryScore,
  raceStep,
} from '../../core/evolve/generation-plan.ts';
import type { Failure, ScoredVersion } from '../../core/evolve/loop-state.ts';
import { referencePoint } from '../../core/evolve/objectives.ts';
import { racingEstimate } from '../../core/evolve/racing.ts';
import { recordGeneration } from '../../core/evolve/records.ts';
import { surrogateScreen } from '../../core/evolve/surrogate-screen.ts';
import { countRecords, tallyVersion } from '../../core/evolve/tally.ts';
import type { EvaluationRecord } from '../../core/ports/results-store.ts';
import { renderMessages } from '../../core/prompt/render.ts';
import type { DatasetRow } from '../../core/prompt/types.ts';
import { type GenerationTracker, generationTracker } from './generation-tracker.ts';
import { nearDuplicatesOf } from './near-duplicates.ts';
import type { EvolveRun } from './run-types.ts';

/** Did the front move: a better best on any objective, or a larger hypervolume, than the generation before? */
function frontMoved(
  previous: { hypervolume: number; best: Record<string, number> } | undefined,
  p: { hypervolume: number; best: Record<string, number> },
): boolean {
  if (!previous) return true;
  if (p.hypervolume > previous.hypervolume + 1e-12) return true;
  return Object.entries(p.best).some(([k, v]) => previous.best[k] === undefined || v !== previous.best[k]);
}

/** The loop's budget ran out during an evaluation: the run stops and reports what it has. */
export class BudgetStop extends Error {}

/** Evaluates a version on more selection cases (up to `upTo` in racing order); no call for cases done. */
async function extend(
  run: EvolveRun,
  track: GenerationTracker,
  hash: string,
  genome: PromptGenome,
  upTo: number,
  generation: number,
  share: number,
): Promise<void> {
  const { state, source, rows, prepared } = run;
  const v = state.scored[hash] as ScoredVersion;
  if (v.n >= upTo) return;
  const positions = run.selection.slice(v.n, upTo);
  const data = run.promptOf(genome);
  const call = track.call();
  const result = await run.evaluateOn(run.loopBudget)({
    runId: `${state.runId}/g${generation}/${hash.slice(0, 12)}/${v.n}`,
    prompt: { file: source.file, data, hash },
    plan: run.fullPlan(positions),
    caller: prepared.caller,
    model: prepared.model,
    scorers: prepared.scorers,
    concurrency: share,
    now: run.now,
    onEvent: call.listener,
  });
  call.settle(result.records.length);
  run.opts.onRecords?.(result.records);
  if (result.stopped) {
    // [issue 16 item 4] The interrupted generation's calls were paid: count them and store them with the run.
    countRecords(state.counters, result.records);
    state.counters.interruptedCalls =
      (state.counters.interruptedCalls ?? 0) + result.records.filter((r) => !r.cached).length;
    run.pendingRecords.push(...result.records);
    throw new BudgetStop(result.stopped.message);
  }
  const lastUser = data.messages.filter((m) => m.role === 'user').at(-1);
  const failureOf = (r: EvaluationRecord): Failure => {
    const row = rows[r.caseIndex] as DatasetRow;
    let input: string;
    try {
      input = lastUser ? (renderMessages([lastUser], row, source.file)[0]?.content ?? '') : '';
    } catch {
      // A row the template cannot render still makes a useful failure example: show the row itself.
      input = JSON.stringify(row);
    }
    return { input, expected: String(row.expected ?? ''), output: r.error ?? r.output };
  };
  const recs = tallyVersion(v, result.records, positions, run.settings.objectives, run.kindOf, failureOf);
  countRecords(state.counters, recs);
  v.n = upTo;
  run.pendingRecords.push(...recs);
}

/**
 * [issue 16] The original is scored on the whole selection before the first proposals are resolved, so that the
 * first generation's reflections read its failing cases (GEPA starts from the evaluated seed) and merges and
 * bootstrapped demonstrations have its per-case results. Only when the engine's genome is a prompt.
 */
export async function scoreBaselineFirst(run: EvolveRun, generation: number): Promise<void> {
  const { state, baselineHash, baselineGenome } = run;
  if (!run.normalise || (state.scored[baselineHash]?.n ?? 0) >= run.full) return;
  state.scored[baselineHash] ??= emptyScored(run.instruction(baselineGenome));
  // Scored before generation 0 starts: its progress events would precede `generation-started`, so none are sent.
  const silent: GenerationTracker = { call: () => ({ listener: () => {}, settle: () => {} }) };
  await extend(run, silent, baselineHash, baselineGenome, run.full, generation, run.opts.concurrency);
}

/** The baseline is always known on the whole selection set (CMA-ES, for one, never asks for it as is). */
async function ensureBaseline(
  run: EvolveRun,
  track: GenerationTracker,
  hashes: readonly string[],
  generation: number,
): Promise<void> {
  const { state, baselineHash, baselineGenome } = run;
  if (state.candidates.some((c) => c.hash === baselineHash) || hashes.includes(baselineHash)) return;
  state.scored[baselineHash] ??= emptyScored(run.instruction(baselineGenome));
  await extend(run, track, baselineHash, baselineGenome, run.full, generation, run.opts.concurrency);
  const v = state.scored[baselineHash] as ScoredVersion;
  state.candidates.push(
    baselineCandidate(v, baselineHash, generation, baselineGenome, run.settings.objectives),
  );
}

/** Racing: successive halving over the rungs; the baseline always runs to the end. */
async function race(
  run: EvolveRun,
  track: GenerationTracker,
  entrants: Candidate<unknown>[],
  genomes: Map<number, PromptGenome>,
  hashes: Map<number, string>,
  generation: number,
): Promise<void> {
  const { state, rungs } = run;
  // Ties on a rung (few cases tie often) go to the child of the better parents.
  const hashOfId = new Map(state.candidates.map((c) => [c.id, c.hash]));
  const priorOf = (c: Candidate<unknown>) =>
    Math.max(
      Number.NEGATIVE_INFINITY,
      ...c.parents.map((p) => {
        const v = state.scored[hashOfId.get(p) ?? ''];
        return v ? primaryScore(v, run.settings.objectives) : Number.NEGATIVE_INFINITY;
      }),
    );
  let alive = entrants;
  for (const [ri, need] of rungs.entries()) {
    const unique = [...new Set(alive.map((c) => hashes.get(c.id) as string))];
    const share = Math.max(1, Math.floor(run.opts.concurrency / Math.max(1, unique.length)));
    await Promise.all(
      unique.map((h) => {
        const c = alive.find((x) => hashes.get(x.id) === h) as Candidate<unknown>;
        return extend(run, track, h, genomes.get(c.id) as PromptGenome, need, generation, share);
      }),
    );
    if (ri === rungs.length - 1) break;
    const { keep, saved } = raceStep(
      alive.map((c) => ({ id: c.id, hash: hashes.get(c.id) as string, prior: priorOf(c) })),
      state.scored,
      run.settings.objectives,
      { eta: run.settings.racing.eta, baselineHash: run.baselineHash, full: run.full },
    );
    state.counters.savedByRacing += saved;
    alive = alive.filter((c) => keep.has(c.id));
  }
}

/** The generation's expected case evaluations: racing's estimate, the baseline (always to the end) included. */
function plannedEvaluations(
  run: EvolveRun,
  entrants: readonly Candidate<unknown>[],
  hashes: ReadonlyMap<number, string>,
): number {
  const { state, baselineHash } = run;
  const unique = [...new Set(entrants.map((c) => hashes.get(c.id) as string))];
  const racing = unique.filter((h) => h !== baselineHash).map((h) => state.scored[h]?.n ?? 0);
  return racingEstimate(racing, run.rungs, run.settings.racing.eta, [state.scored[baselineHash]?.n ?? 0]);
}

/** Tells the engine the batch's values, records candidates and lineage, and announces each candidate. */
function tellAndRecord(
  run: EvolveRun,
  b: {
    batch: readonly Candidate<unknown>[];
    genomes: ReadonlyMap<number, PromptGenome>;
    hashes: ReadonlyMap<number, string>;
    skipped: ReadonlyMap<number, Record<string, number>>;
    nearDuplicates?: ReadonlySet<number>;
  },
  generation: number,
  labels: Map<number, string>,
): ReturnType<typeof recordGeneration> {
  const { state, opts } = run;
  const objectives = run.settings.objectives;
  const { batch, genomes, hashes, skipped } = b;
  const evaluations = batch.map((c) => {
    const h = hashes.get(c.id) as string;
    const v = state.scored[h] as ScoredVersion;
    const values = skipped.get(c.id) ?? meanValues(v, objectives);
    const descriptors = run.descriptors?.(genomes.get(c.id) as PromptGenome);
    return { c, h, v, values, e: engineEvaluation(c.id, v, values, objectives, descriptors) };
  });
  run.engine.tell(evaluations.map((x) => x.e));
  const { records, lineage } = recordGeneration(
    evaluations.map(({ c, h, v, values, e }) => ({
      candidate: c,
      hash: h,
      values,
      cases: skipped.has(c.id) ? 0 : v.n,
      full: !skipped.has(c.id) && v.n >= run.full,
      objectives: e.objectives,
      constraintViolation: e.constraintViolation,
      scoredBy: b.nearDuplicates?.has(c.id)
        ? 'near-duplicate'
        : skipped.has(c.id)
          ? 'surrogate'
          : 'evaluation',
      genome: genomes.get(c.id) as PromptGenome,
    })),
    state.candidates,
    {
      generation,
      labels,
      baselineHash: run.baselineHash,
      baselineGenome: run.baselineGenome,
      name: run.source.name,
      runId: state.runId,
      createdAt: new Date(run.now()).toISOString(),
    },
  );
  state.candidates.push(...records);
  for (const r of records) {
    const { id, hash, operator, values, cases, scoredBy } = r;
    opts.onEvent?.({
      type: 'candidate-scored',
      runId: state.runId,
      generation,
      id,
      hash,
      operator,
      values,
      cases,
      scoredBy,
    });
  }
  return { records, lineage };
}

export async function evaluateBatch(
  run: EvolveRun,
  batch: Candidate<unknown>[],
  generation: number,
  labels: Map<number, string>,
): Promise<void> {
  const { state, settings, opts } = run;
  const objectives = settings.objectives;
  const genomes = new Map(batch.map((c) => [c.id, run.toPromptGenome(c.genome)]));
  const hashes = new Map(batch.map((c) => [c.id, run.versionHash(genomes.get(c.id) as PromptGenome)]));
  // [issue 16] A candidate that (once normalised) is a version already evaluated, or twice in the batch, costs nothing.
  const inBatch = new Set<string>();
  for (const h of hashes.values()) {
    if (h !== run.baselineHash && ((state.scored[h]?.n ?? 0) > 0 || inBatch.has(h)))
      state.counters.duplicatesSkipped = (state.counters.duplicatesSkipped ?? 0) + 1;
    inBatch.add(h);
  }
  for (const c of batch) {
    state.scored[hashes.get(c.id) as string] ??= emptyScored(
      run.instruction(genomes.get(c.id) as PromptGenome),
    );
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
        primary: (v) => primaryScore(v, objectives),
        distance: run.distance,
        k: settings.surrogate.k,
        fraction: settings.surrogate.fraction,
        pinned: run.baselineHash,
      })
    : new Map<number, Record<string, number>>();
  state.counters.savedBySurrogate += skipped.size * (run.rungs[0] ?? run.full);
  const nearDuplicates = nearDuplicatesOf(run, batch, genomes, hashes, skipped);
  for (const [id, values] of nearDuplicates) skipped.set(id, values);
  const entrants = batch.filter((c) => !skipped.has(c.id));
  const track = generationTracker(run, generation, batch.length, plannedEvaluations(run, entrants, hashes));
  await ensureBaseline(run, track, [...hashes.values()], generation);
  await race(run, track, entrants, genomes, hashes, generation);
  const { records, lineage } = tellAndRecord(
    run,
    { batch, genomes, hashes, skipped, nearDuplicates: new Set(nearDuplicates.keys()) },
    generation,
    labels,
  );
  if (!state.referencePoint) {
    const base = state.candidates.find((c) => c.hash === run.baselineHash && c.full);
    if (base) state.referencePoint = referencePoint(base.objectives, objectives);
  }
  const p = generationProgress(state, objectives, generation);
  const previous = state.history.at(-1);
  state.history.push({ generation, hypervolume: p.hypervolume, best: p.best });
  // Every told candidate is a stored prompt version: `show name@<hash>` and `--candidate` open it later.
  await opts.env.store?.savePromptVersions(
    records.map((r) => ({
      hash: r.hash,
      name: run.source.name,
      content: run.promptOf(r.genome),
      parents: r.parents,
      createdAt: new Date(run.now()).toISOString(),
    })),
  );
  const primary = objectives[0]?.metric;
  const best = primary === undefined ? undefined : p.best[primary];
  if (best !== undefined) state.curve = [...(state.curve ?? []), { calls: state.counters.paidCalls, best }];
  state.stale = frontMoved(previous, p) ? 0 : (state.stale ?? 0) + 1;
  // Evaluations of a finished generation go to the results store, then the checkpoint.
  if (opts.env.store && run.pendingRecords.length > 0) {
    await opts.env.store.appendEvaluations(run.pendingRecords.splice(0));
    await opts.env.store.flush();
  }
  run.pendingRecords.length = 0;
  state.engine = run.engine.snapshot();
  await opts.checkpoints.save(state.runId, run.engine.generation, state, lineage);
  opts.onEvent?.({ type: 'generation-finished', runId: state.runId, ...p });
  opts.onEvent?.({ type: 'checkpoint-written', runId: state.runId, generation: run.engine.generation });
}
