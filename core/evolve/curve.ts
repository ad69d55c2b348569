/**
 * Calls-to-target: the best selection-set score (the held-out proxy the search optimises) against the calls paid
 * so far, task and optimizer alike. The loop records one point per generation; the report samples it every N
 * calls so that runs of any length read alike, and says how many calls it took to reach a level.
 */

/** After `calls` paid calls, the best whole-selection score of the primary objective was `best`. */
export type CurvePoint = { calls: number; best: number };

export type SampledCurve = {
  metric: string;
  /** The sampling step, in calls. */
  every: number;
  /** The best after every `every` calls (null: nothing evaluated on the whole selection yet). */
  points: { calls: number; best: number | null }[];
};

const STEPS = [10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];

/** A round step giving about 20 points over `total` calls. */
export function curveStep(total: number): number {
  return STEPS.find((s) => s * 20 >= total) ?? (STEPS.at(-1) as number);
}

/** Better of two values of the primary objective. */
function better(a: number, b: number, goal: 'maximize' | 'minimize'): number {
  return goal === 'maximize' ? Math.max(a, b) : Math.min(a, b);
}

/** The best value reached by `calls` (null before the first point). */
export function bestBy(
  points: readonly CurvePoint[],
  calls: number,
  goal: 'maximize' | 'minimize' = 'maximize',
): number | null {
  let best: number | null = null;
  for (const p of points) if (p.calls <= calls) best = best === null ? p.best : better(best, p.best, goal);
  return best;
}

/** The calls it took to reach `level` (null: never). */
export function callsToReach(
  points: readonly CurvePoint[],
  level: number,
  goal: 'maximize' | 'minimize' = 'maximize',
): number | null {
  const hit = points.find((p) => (goal === 'maximize' ? p.best >= level : p.best <= level));
  return hit?.calls ?? null;
}

/** The curve every N calls up to `total` (the run's paid calls), the last point at `total`. */
export function sampleCurve(
  points: readonly CurvePoint[],
  metric: string,
  total: number,
  goal: 'maximize' | 'minimize' = 'maximize',
): SampledCurve {
  const every = curveStep(total);
  const out: SampledCurve['points'] = [];
  for (let c = every; c < total; c += every) out.push({ calls: c, best: bestBy(points, c, goal) });
  if (total > 0) out.push({ calls: total, best: bestBy(points, total, goal) });
  return { metric, every, points: out };
}
