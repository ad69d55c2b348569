/**
 * The pure decisions of one evolution run, computed from the loop state: scores of a version, the baseline
 * candidate, what the engine is told, racing promotion, progress, and the winner and front. The loop in
 * evaluator/evolve performs them (model calls, checkpoints); here nothing reads or writes anything.
 */

import type { GenerationProgress } from '../events.ts';
import { hypervolume } from '../evolution/pareto/hypervolume.ts';
import type { PromptGenome } from '../evolution/prompt/genome.ts';
import type { Evaluation } from '../evolution/types.ts';
import type { CandidateRecord, Counters, LoopState, ScoredVersion } from './loop-state.ts';
import { chooseWinner, constraintViolation, objectiveVector, paretoFront } from './objectives.ts';
import { promote, promoteCount } from './racing.ts';
import type { EvolveObjective } from './settings.ts';

/** Share of a USD budget kept for the held-out report. */
export const HELD_OUT_USD_SHARE = 0.1;

/** Case evaluations the held-out report needs (baseline and winner), kept out of the loop's budget. */
export function heldOutReserve(cases: number): number {
  return 2 * cases;
}

/** The primary objective's mean, signed so that higher is better; -∞ before any case. */
export function primaryScore(v: ScoredVersion, objectives: readonly EvolveObjective[]): number {
  const o = objectives[0];
  if (!o || v.n === 0) return Number.NEGATIVE_INFINITY;
  const m = (v.sums[o.metric] ?? 0) / v.n;
  return o.goal === 'maximize' ? m : -m;
}

/** Mean per objective metric on the cases run (NaN before any). */
export function meanValues(v: ScoredVersion, objectives: readonly EvolveObjective[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of objectives) out[o.metric] = v.n === 0 ? Number.NaN : (v.sums[o.metric] ?? 0) / v.n;
  return out;
}

/** More than half the cases erroring makes a version infeasible, on top of the objectives' constraints. */
export function violationOf(
  v: ScoredVersion,
  values: Record<string, number>,
  objectives: readonly EvolveObjective[],
): number {
  const errorShare = v.n === 0 ? 0 : v.errors / v.n;
  return (errorShare > 0.5 ? errorShare : 0) + constraintViolation(values, objectives);
}

export function emptyScored(text: string): ScoredVersion {
  return { text, sums: {}, n: 0, errors: 0, failures: [] };
}

/** The baseline as a candidate, once it has been evaluated on the whole selection set. */
export function baselineCandidate(
  v: ScoredVersion,
  hash: string,
  generation: number,
  genome: PromptGenome,
  objectives: readonly EvolveObjective[],
): CandidateRecord {
  const values = meanValues(v, objectives);
  return {
    id: -1,
    hash,
    generation,
    operator: 'seed',
    parents: [],
    values,
    cases: v.n,
    full: true,
    objectives: objectiveVector(values, objectives),
    constraintViolation: violationOf(v, values, objectives),
    scoredBy: 'evaluation',
    genome,
  };
}

/** The report's reference when the run stopped (budget) before the baseline was evaluated. */
export function unevaluatedBaseline(
  v: ScoredVersion | undefined,
  hash: string,
  genome: PromptGenome,
  objectives: readonly EvolveObjective[],
): CandidateRecord {
  return {
    id: -1,
    hash,
    generation: 0,
    operator: 'seed',
    parents: [],
    values: v ? meanValues(v, objectives) : {},
    cases: v?.n ?? 0,
    full: false,
    objectives: [],
    constraintViolation: 0,
    scoredBy: 'evaluation',
    genome,
  };
}

/** `prior`: the best primary score of its parents' versions, which breaks ties on a rung (higher first). */
export type RaceEntrant = { id: number; hash: string; prior?: number };

/**
 * One racing step after a rung: the entrants that move on, and the case evaluations saved (the remaining cases
 * of every version no promoted entrant carries on). The baseline always runs to the end.
 */
export function raceStep(
  alive: readonly RaceEntrant[],
  scored: Record<string, ScoredVersion>,
  objectives: readonly EvolveObjective[],
  opts: { eta: number; baselineHash: string; full: number },
): { keep: Set<number>; saved: number } {
  const entries = alive.map((c) => ({
    id: c.id,
    score: primaryScore(scored[c.hash] as ScoredVersion, objectives),
    prior: c.prior,
    pinned: c.hash === opts.baselineHash,
  }));
  const keep = new Set(promote(entries, promoteCount(alive.length, opts.eta)));
  const carried = new Set(alive.filter((c) => keep.has(c.id)).map((c) => c.hash));
  let saved = 0;
  for (const h of new Set(alive.map((c) => c.hash))) {
    if (!carried.has(h)) saved += opts.full - (scored[h] as ScoredVersion).n;
  }
  return { keep, saved };
}

/** What the engine is told about one candidate: its objectives, violation and (if the algorithm needs) descriptors. */
export function engineEvaluation(
  id: number,
  v: ScoredVersion,
  values: Record<string, number>,
  objectives: readonly EvolveObjective[],
  descriptors: number[] | undefined,
): Evaluation & { constraintViolation: number } {
  const e: Evaluation & { constraintViolation: number } = {
    id,
    objectives: objectiveVector(values, objectives),
    constraintViolation: violationOf(v, values, objectives),
  };
  if (descriptors) e.descriptors = descriptors;
  return e;
}

/** Optimizer calls of resolved proposals, counted into the run's counters. */
export function countProposals(
  counters: Counters,
  resolutions: readonly { cached: boolean; costUsd: number; local?: boolean }[],
): void {
  for (const r of resolutions) {
    if (r.local) continue;
    counters.optimizerCalls++;
    if (r.cached) counters.optimizerCacheHits++;
    else {
      counters.paidCalls++;
      counters.costUsd += r.costUsd;
    }
  }
}

/** Progress after a generation: best per objective, front size and hypervolume over whole-selection versions. */
export function generationProgress(
  state: LoopState,
  objectives: readonly EvolveObjective[],
  generation: number,
): GenerationProgress {
  const counters = state.counters;
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
}

/** The winner (the baseline when nothing beat it) and the front, one entry per prompt version, winner's id first. */
export function winnerAndFront(
  candidates: readonly CandidateRecord[],
  baseline: CandidateRecord,
): { winner: CandidateRecord; front: CandidateRecord[] } {
  const winnerId = chooseWinner(candidates);
  const winner = candidates.find((c) => c.id === winnerId) ?? baseline;
  const seenHashes = new Set<string>();
  const front = paretoFront(candidates.filter((c) => c.full))
    .sort(
      (a, b) =>
        (a.objectives[0] ?? 0) - (b.objectives[0] ?? 0) ||
        Number(b.id === winner.id) - Number(a.id === winner.id) ||
        a.id - b.id,
    )
    .filter((c) => !seenHashes.has(c.hash) && seenHashes.add(c.hash) !== undefined);
  return { winner, front };
}
