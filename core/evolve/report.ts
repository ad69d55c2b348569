/**
 * What an evolve run reports, computed from its outcome (pure): the one report type used by `--json`, the
 * stored run (its summary's `evolve` and the `evohub runs` metrics) and the pull request's evidence; and the
 * winner's commit as data for the git adapter to write.
 */
import { isBuiltinMeasure } from '../evaluation/metrics.ts';
import type { PromptFile } from '../prompt/types.ts';
import { type SampledCurve, sampleCurve } from './curve.ts';
import type { HeldOutMetric, HeldOutReport } from './held-out.ts';
import type { CandidateRecord, LoopState } from './loop-state.ts';

/** A held-out mean with its 95% interval as the report gives it (null where not finite). */
export type Stat = { mean: number | null; ci: [number | null, number | null]; n: number };

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

/** Where the winner was committed. */
export type CommittedWinner = { branch: string; commit: string; version: number };

/** The report of an evolve run: `evohub evolve --json`, the stored run's summary `evolve`, the PR's evidence. */
export type EvolveReport = {
  runId: string;
  prompt: { file: string; name: string };
  provider: string;
  simulated: boolean;
  algorithm: string;
  seed: number;
  resumed: boolean;
  /** 'running' only in a report stored before the run finished. */
  status: 'completed' | 'stopped' | 'running';
  stoppedReason: string | null;
  generations: number;
  objectives: { metric: string; goal: string }[];
  split: { selection: number; heldOut: number };
  evaluations: {
    run: number;
    paidCalls: number;
    cacheHits: number;
    savedByRacing: number;
    savedBySurrogate: number;
    saved: number;
    optimizerCalls: number;
    optimizerCacheHits: number;
    /** Candidates that normalised to a version already evaluated: not paid for. */
    duplicatesSkipped: number;
    /** Candidates scored as an evaluated version they nearly duplicate (not paid for), and the evaluations saved. */
    nearDuplicatesSkipped: number;
    savedByNearDuplicates: number;
    /** Paid calls of the generation the budget interrupted (included in paidCalls). */
    interrupted: number;
  };
  costUsd: number;
  baseline: { hash: string; selection: Record<string, number>; heldOut: Record<string, Stat> };
  winner: {
    candidateId: number;
    hash: string;
    generation: number;
    operator: string;
    parents: string[];
    selection: Record<string, number>;
    heldOut: Record<string, Stat>;
    changed: boolean;
    /** Changed and not worse than the baseline on the held-out cases: only then is it committed. */
    accepted: boolean;
  };
  improvement: { metric: string } & Stat;
  front: {
    candidateId: number;
    hash: string;
    generation: number;
    operator: string;
    values: Record<string, number>;
    winner: boolean;
  }[];
  history: { generation: number; hypervolume: number; best: Record<string, number> }[];
  /** Calls-to-target: the best whole-selection score of the first objective every N paid calls. */
  curve: SampledCurve;
  branch: string | null;
  commit: string | null;
  version: number | null;
};

const num = (x: number) => (Number.isFinite(x) ? x : null);
const stat = (s: HeldOutMetric): Stat => ({ mean: num(s.mean), ci: [num(s.ci.low), num(s.ci.high)], n: s.n });
const stats = (r: Record<string, HeldOutMetric>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, stat(v)]));

export function evolveReport(
  o: EvolveOutcome,
  info: { file: string; name: string; committed: CommittedWinner | null; resumed: boolean },
): EvolveReport {
  const s = o.state;
  const c = s.counters;
  return {
    runId: s.runId,
    prompt: { file: info.file, name: info.name },
    provider: o.provider,
    simulated: o.simulated,
    algorithm: s.settings.algorithm,
    seed: s.settings.seed,
    resumed: info.resumed,
    status: s.stopped ? 'stopped' : 'completed',
    stoppedReason: s.stopped ?? null,
    generations: s.history.length,
    objectives: s.settings.objectives,
    split: { selection: s.split.selection.length, heldOut: s.split.heldOut.length },
    evaluations: {
      run: c.evaluations,
      paidCalls: c.paidCalls,
      cacheHits: c.cacheHits,
      savedByRacing: c.savedByRacing,
      savedBySurrogate: c.savedBySurrogate,
      saved: c.cacheHits + c.savedByRacing + c.savedBySurrogate + (c.savedByNearDuplicates ?? 0),
      optimizerCalls: c.optimizerCalls,
      optimizerCacheHits: c.optimizerCacheHits,
      duplicatesSkipped: c.duplicatesSkipped ?? 0,
      nearDuplicatesSkipped: c.nearDuplicatesSkipped ?? 0,
      savedByNearDuplicates: c.savedByNearDuplicates ?? 0,
      interrupted: c.interruptedCalls ?? 0,
    },
    costUsd: Number(c.costUsd.toFixed(6)),
    baseline: { hash: o.baseline.hash, selection: o.baseline.values, heldOut: stats(o.heldOut.baseline) },
    winner: {
      candidateId: o.winner.id,
      hash: o.winner.hash,
      generation: o.winner.generation,
      operator: o.winner.operator,
      parents: o.winner.parents,
      selection: o.winner.values,
      heldOut: stats(o.heldOut.winner),
      changed: o.winner.hash !== o.baseline.hash,
      accepted: o.accepted,
    },
    improvement: { metric: o.heldOut.difference.metric, ...stat(o.heldOut.difference) },
    front: o.front.map((f) => ({
      candidateId: f.id,
      hash: f.hash,
      generation: f.generation,
      operator: f.operator,
      values: f.values,
      winner: f.id === o.winner.id,
    })),
    history: s.history,
    curve: sampleCurve(
      s.curve ?? [],
      s.settings.objectives[0]?.metric ?? '',
      c.paidCalls,
      s.settings.objectives[0]?.goal ?? 'maximize',
    ),
    branch: info.committed?.branch ?? null,
    commit: info.committed?.commit ?? null,
    version: info.committed?.version ?? null,
  };
}

/** The stored run's summary: `evohub runs` reads `evaluations` and `metrics` (the winner on the held-out cases). */
export function evolveRunSummary(report: EvolveReport): Record<string, unknown> {
  return {
    evaluations: report.evaluations.run,
    metrics: report.objectives.map((o) => ({
      name: o.metric,
      kind: isBuiltinMeasure(o.metric) ? 'builtin' : 'objective',
      direction: o.goal,
      cases: report.winner.heldOut[o.metric]?.n ?? 0,
      mean: report.winner.heldOut[o.metric]?.mean ?? null,
      ci: {
        low: report.winner.heldOut[o.metric]?.ci[0] ?? null,
        high: report.winner.heldOut[o.metric]?.ci[1] ?? null,
      },
    })),
    evolve: report,
  };
}

/** The winner's commit as data: the git adapter writes `content` at `path` on `branch`. */
export type WinnerCommit = {
  branch: string;
  path: string;
  content: string;
  message: string;
  version: number;
};

/**
 * The commit of an accepted winner (null otherwise): the prompt file's text with the winner's messages and
 * parameters, the version bumped and the lineage filled. `render` turns the updated fields into the file's text
 * (it keeps the original's comments and layout).
 */
export function winnerCommit(
  outcome: EvolveOutcome,
  source: { path: string; name: string; version: number | undefined },
  render: (fields: {
    messages: PromptFile['messages'];
    modelParameters: PromptFile['modelParameters'];
    version: number;
    lineage: NonNullable<PromptFile['lineage']>;
  }) => string,
): WinnerCommit | null {
  if (!outcome.accepted) return null;
  const version = (source.version ?? 0) + 1;
  const fitness: Record<string, number> = {};
  for (const [metric, v] of Object.entries(outcome.heldOut.winner))
    if (Number.isFinite(v.mean)) fitness[metric] = Number(v.mean.toFixed(6));
  const content = render({
    messages: outcome.winnerPrompt.messages,
    modelParameters: outcome.winnerPrompt.modelParameters,
    version,
    lineage: {
      parents: [outcome.baseline.hash],
      runId: outcome.state.runId,
      generation: outcome.winner.generation,
      operator: outcome.winner.operator,
      fitness,
    },
  });
  const { runId } = outcome.state;
  const d = outcome.heldOut.difference;
  const message = `evohub: evolve ${source.name} to version ${version}\n\nRun ${runId}, generation ${outcome.winner.generation}, operator ${outcome.winner.operator}.\nHeld-out ${d.metric}: ${fmt(outcome.heldOut.baseline[d.metric]?.mean)} -> ${fmt(outcome.heldOut.winner[d.metric]?.mean)} (${outcome.heldOut.cases} cases).\n`;
  return { branch: `evohub/${source.name}/${runId}`, path: source.path, content, message, version };
}

function fmt(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3);
}
