/**
 * Objectives and the winner. Metric means become the engine's minimised objective vector (a maximised metric is
 * negated). The winner is chosen among candidates evaluated on the whole selection set (racing leaves the others
 * with estimates from fewer cases): the feasible non-dominated ones, best first objective, then the lowest sum
 * of the other objectives, then the earliest id.
 */
import { constrainedRanks } from '../evolution/pareto/non-dominated-sort.ts';
import type { EvolveObjective } from './settings.ts';

export function objectiveVector(
  values: Readonly<Record<string, number>>,
  objectives: readonly EvolveObjective[],
): number[] {
  return objectives.map((o) => {
    const v = values[o.metric];
    const x = v === undefined || !Number.isFinite(v) ? 0 : v; // no value: failed cases, also flagged infeasible
    return o.goal === 'maximize' ? -x : x;
  });
}

/** Total violation of the objectives' `min` / `max` bounds, relative to the bound (0 = feasible). */
export function constraintViolation(
  values: Readonly<Record<string, number>>,
  objectives: readonly EvolveObjective[],
): number {
  let cv = 0;
  for (const o of objectives) {
    const v = values[o.metric];
    if (v === undefined || !Number.isFinite(v)) continue;
    const scale = (b: number) => Math.max(Math.abs(b), 1e-12);
    if (o.min !== undefined && v < o.min) cv += (o.min - v) / scale(o.min);
    if (o.max !== undefined && v > o.max) cv += (v - o.max) / scale(o.max);
  }
  return cv;
}

/** A reference point for hypervolume that every sensible candidate beats: score 0, twice the baseline's measures. */
export function referencePoint(
  baseline: readonly number[],
  objectives: readonly EvolveObjective[],
): number[] {
  return objectives.map((o, i) => {
    if (o.goal === 'maximize') return 0;
    const b = baseline[i] ?? 0;
    return b > 0 ? 2 * b : 1;
  });
}

export type WinnerEntry = { id: number; objectives: number[]; constraintViolation: number; full: boolean };

export function chooseWinner(entries: readonly WinnerEntry[]): number | undefined {
  const pool = entries.filter((e) => e.full && e.constraintViolation === 0);
  if (pool.length === 0) return undefined;
  const ranks = constrainedRanks(
    pool.map((e) => e.objectives),
    pool.map(() => 0),
  );
  const front = pool.filter((_, i) => ranks[i] === 0);
  front.sort((a, b) => {
    const d0 = (a.objectives[0] ?? 0) - (b.objectives[0] ?? 0);
    if (d0 !== 0) return d0;
    const rest = (e: WinnerEntry) => e.objectives.slice(1).reduce((s, x) => s + x, 0);
    return rest(a) - rest(b) || a.id - b.id;
  });
  return front[0]?.id;
}

/** The feasible non-dominated set of the given entries (all evaluated candidates, or the last population). */
export function paretoFront<T extends { objectives: number[]; constraintViolation: number }>(
  entries: readonly T[],
): T[] {
  if (entries.length === 0) return [];
  const ranks = constrainedRanks(
    entries.map((e) => e.objectives),
    entries.map((e) => e.constraintViolation),
  );
  return entries.filter((e, i) => ranks[i] === 0 && e.constraintViolation === 0);
}

/**
 * Whether the winner holds up on the held-out cases: not worse than the baseline on the first objective
 * (`difference` = winner − baseline, per-case mean). Without held-out figures (NaN) it is taken as it is.
 */
export function holdsUp(difference: number, goal: EvolveObjective['goal']): boolean {
  if (!Number.isFinite(difference)) return true;
  return goal === 'maximize' ? difference >= 0 : difference <= 0;
}
