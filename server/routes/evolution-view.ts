/**
 * An evolution run's view (pure): the stored report when the run finished, else what its newest checkpoint
 * holds (history, candidates), the MAP-Elites archive from the engine snapshot, and the live progress figures.
 */

import type { CandidateRecord, LoopState } from '../../core/evolve/loop-state.ts';
import type { EvolveReport } from '../../core/evolve/report.ts';
import type { RunRecord } from '../../core/ports/results-store.ts';

type Settings = {
  generations?: number;
  objectives?: { metric: string; goal: string }[];
  budget?: { maxEvaluations?: number; maxUsd?: number };
};

export function reportOf(run: RunRecord): EvolveReport | null {
  const s = run.summary as { evolve?: EvolveReport } | undefined;
  return s?.evolve ?? null;
}

const settingsOf = (run: RunRecord, state: LoopState | undefined): Settings =>
  (state?.settings as Settings | undefined) ?? (run.options as Settings);

type Cell = { cell: number[]; hash: string; fitness: Record<string, number> };

/** The filled cells of a MAP-Elites grid (row-major over the axes), each with its elite's hash and values. */
export function archiveOf(state: LoopState | undefined, candidates: readonly CandidateRecord[]) {
  const engine = state?.engine as
    | { config?: { algorithm?: { options?: Record<string, unknown> } }; algorithm?: { cells?: unknown[] } }
    | undefined;
  const cells = engine?.algorithm?.cells;
  const axes = engine?.config?.algorithm?.options?.descriptors as
    | { name?: string; bins: number }[]
    | undefined;
  if (!Array.isArray(cells) || !Array.isArray(axes) || axes.length === 0) return null;
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const out: Cell[] = [];
  cells.forEach((slot, index) => {
    if (!slot) return;
    // Engine individuals carry the engine's candidate id; the loop's records map it to the content hash.
    const record = byId.get((slot as { id?: number }).id ?? -1);
    const coords: number[] = [];
    let rest = index;
    for (let i = axes.length - 1; i >= 0; i--) {
      const bins = (axes[i] as { bins: number }).bins;
      coords.unshift(rest % bins);
      rest = Math.floor(rest / bins);
    }
    out.push({ cell: coords, hash: record?.hash ?? '', fitness: record?.values ?? {} });
  });
  return { descriptors: axes.map((a, i) => a.name ?? `d${i}`), bins: axes.map((a) => a.bins), cells: out };
}

export function evolutionView(run: RunRecord, state: LoopState | undefined) {
  const report = reportOf(run);
  const settings = settingsOf(run, state);
  const candidates = state?.candidates ?? [];
  const history = report?.history ?? state?.history ?? [];
  return {
    run,
    report: report as Record<string, unknown> | null,
    generation: history.length > 0 ? history.length : null,
    history,
    objectives: report?.objectives ?? settings.objectives ?? [],
    candidates: candidates.map((c) => ({
      id: c.id,
      hash: c.hash,
      generation: c.generation,
      operator: c.operator,
      parents: c.parents,
      values: c.values,
      cases: c.cases,
      scoredBy: c.scoredBy,
    })),
    archive: archiveOf(state, candidates),
    budget: {
      maxEvaluations: settings.budget?.maxEvaluations ?? null,
      maxUsd: settings.budget?.maxUsd ?? null,
    },
  };
}

export type Progress = {
  runId: string;
  status: string;
  generation: number;
  generations: number | null;
  evaluations: number;
  costUsd: number;
  budgetUsd: number | null;
  bestFitness: number | null;
  elapsedMs: number | null;
  etaMs: number | null;
  done: boolean;
  /** The current generation's case evaluations done and planned (evolutions this server started). */
  inGeneration: { done: number; planned: number } | null;
  source: 'live' | 'store';
};

/**
 * Progress from the stored run and its checkpoint, or from a live record (Redis, or this server's own runs)
 * when one is given.
 */
export function progressOf(
  run: RunRecord,
  state: LoopState | undefined,
  redis: Record<string, unknown> | undefined,
  now: Date,
): Progress {
  const settings = settingsOf(run, state);
  const report = reportOf(run);
  const primary = settings.objectives?.[0]?.metric;
  const history = report?.history ?? state?.history ?? [];
  const last = history[history.length - 1];
  const done = run.status !== 'running' || redis?.done === true;
  const generation = typeof redis?.generation === 'number' ? redis.generation : history.length;
  const generations = report?.generations ?? settings.generations ?? null;
  const started = Date.parse(run.startedAt);
  const ended = run.finishedAt ? Date.parse(run.finishedAt) : now.getTime();
  const elapsedMs = Number.isFinite(started) ? Math.max(0, ended - started) : null;
  const inGeneration = (redis?.inGeneration as Progress['inGeneration'] | undefined) ?? null;
  // ETA: the time per generation so far (the current one counted by its share done) times what is left.
  const share =
    inGeneration && inGeneration.planned > 0 ? Math.min(1, inGeneration.done / inGeneration.planned) : 0;
  const progressed = generation + share;
  let etaMs: number | null = null;
  if (done) etaMs = 0;
  else if (elapsedMs !== null && generations !== null && progressed > 0)
    etaMs = Math.round((elapsedMs / progressed) * Math.max(0, generations - progressed));
  const best = redis?.bestFitness ?? (primary !== undefined ? last?.best[primary] : undefined);
  return {
    runId: run.id,
    status: done && run.status === 'running' ? 'completed' : run.status,
    generation,
    generations,
    evaluations: Number(redis?.evaluations ?? report?.evaluations.run ?? state?.counters.evaluations ?? 0),
    costUsd: Number(redis?.costUsd ?? report?.costUsd ?? state?.counters.costUsd ?? 0),
    budgetUsd: settings.budget?.maxUsd ?? null,
    bestFitness: typeof best === 'number' && Number.isFinite(best) ? best : null,
    elapsedMs,
    etaMs,
    done,
    inGeneration: done ? null : inGeneration,
    source: redis ? 'live' : 'store',
  };
}
