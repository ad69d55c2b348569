/**
 * A stored evolve run → the evidence of its pull request (pure). The inputs are what `evohub evolve` stored: its
 * JSON report, the settings it ran with, the held-out values per case of baseline and winner (so every
 * objective gets a paired difference, not only the first) and the winner's ancestry from the lineage table.
 */
import { BUILTIN_MEASURES } from '../evaluation/metrics.ts';
import { pairedDifferenceWithCi, scaleOf } from '../evaluation/stats.ts';
import type { EvolveReport, Stat } from '../evolve/report.ts';
import type { EvolveSettings } from '../evolve/settings.ts';
import type { LineageStep, ObjectiveEvidence, ProposalEvidence } from './proposal-body.ts';

/** Held-out value per case index, per metric. */
export type CaseValues = Record<string, ReadonlyArray<readonly [number, number]>>;

export type AncestryStep = {
  hash: string;
  generation: number;
  operator: string;
  parents: readonly string[];
  runId: string;
};

export type StoredEvolveRun = {
  report: EvolveReport;
  settings: Pick<
    EvolveSettings,
    'algorithm' | 'population' | 'generations' | 'seed' | 'objectives' | 'heldOut' | 'budget'
  > &
    Partial<Pick<EvolveSettings, 'optimizerModel' | 'racing' | 'surrogate'>>;
  /** Per-case held-out values; absent when the run stored none (then only the first objective is paired). */
  heldOutCases?: { baseline: CaseValues; winner: CaseValues };
  /** The winner's ancestry, nearest first (from the lineage table). */
  ancestry: readonly AncestryStep[];
};

/** Short content hash, as `evohub lineage` prints it. */
export const shortHash = (hash: string): string => hash.slice(0, 12);

/** Why a run cannot be proposed, or null when it can. */
export function proposalRefusal(r: EvolveReport): string | null {
  if (r.status === 'running') return `run ${r.runId} has not finished`;
  if (!r.winner.changed)
    return `run ${r.runId} found no candidate better than the baseline; nothing to propose`;
  if (!r.winner.accepted) {
    return `run ${r.runId}'s winner did not hold up on the held-out cases (${r.improvement.metric} ${fmt(
      r.baseline.heldOut[r.improvement.metric]?.mean ?? null,
    )} → ${fmt(r.winner.heldOut[r.improvement.metric]?.mean ?? null)}): it was not committed and is not proposed`;
  }
  if (!r.branch)
    return `run ${r.runId} committed no branch (it ran with --no-commit or outside a git repository)`;
  return null;
}

const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const orNaN = (x: number | null | undefined) => (x === null || x === undefined ? Number.NaN : x);

function estimate(s: Stat | undefined) {
  return { mean: orNaN(s?.mean), ci: { low: orNaN(s?.ci[0]), high: orNaN(s?.ci[1]) } };
}

/**
 * Winner − baseline per case over the cases both have, with a 95% interval: Newcombe's paired interval for an
 * evaluator's scores in [0, 1], a t-interval for built-in measures (`metric` cost, latency, tokens) and others.
 */
export function pairedDifference(
  baseline: ReadonlyArray<readonly [number, number]>,
  winner: ReadonlyArray<readonly [number, number]>,
  metric = '',
): ObjectiveEvidence['difference'] {
  const b = new Map(baseline.map(([k, v]) => [k, v]));
  const pairs = [...winner]
    .sort((x, y) => x[0] - y[0])
    .filter(([k]) => b.has(k))
    .map(([k, v]): [number, number] => [v, b.get(k) as number]);
  const kind = BUILTIN_MEASURES.some((m) => m.name === metric) ? 'builtin' : 'evaluator';
  const r = pairedDifferenceWithCi(pairs, scaleOf(kind, pairs.flat()));
  return { mean: pairs.length ? r.mean : Number.NaN, ci: r.ci, pairs: pairs.length };
}

/** `npx evohub evolve …` with every setting that decides the run spelled out. */
export function reproduceCommand(run: StoredEvolveRun): string {
  const s = run.settings;
  const q = (x: string) => (/^[\w./@:,=+-]+$/.test(x) ? x : `'${x.replace(/'/g, `'\\''`)}'`);
  const args = [
    'npx evohub evolve',
    q(run.report.prompt.file),
    `--seed ${s.seed}`,
    `--algorithm ${s.algorithm}`,
    `--population ${s.population}`,
    `--generations ${s.generations}`,
  ];
  if (s.objectives.length) args.push(`--objectives ${q(s.objectives.map((o) => o.metric).join(','))}`);
  args.push(`--held-out ${s.heldOut}`);
  if (s.budget.maxEvaluations !== undefined) args.push(`--budget-evals ${s.budget.maxEvaluations}`);
  if (s.budget.maxUsd !== undefined) args.push(`--budget-usd ${s.budget.maxUsd}`);
  if (s.optimizerModel) args.push(`--optimizer ${q(s.optimizerModel)}`);
  if (s.racing && !s.racing.enabled) args.push('--no-racing');
  if (s.surrogate?.enabled) args.push('--surrogate');
  return args.join(' ');
}

export function evidenceFromRun(run: StoredEvolveRun): ProposalEvidence {
  const r = run.report;
  const objectives: ObjectiveEvidence[] = r.objectives.map((o) => {
    const direction = o.goal === 'minimize' ? 'minimize' : 'maximize';
    const b = run.heldOutCases?.baseline[o.metric];
    const w = run.heldOutCases?.winner[o.metric];
    let difference: ObjectiveEvidence['difference'];
    if (b && w) difference = pairedDifference(b, w, o.metric);
    else if (o.metric === r.improvement.metric)
      difference = { ...estimate(r.improvement), pairs: r.improvement.n };
    else {
      // No per-case values stored: the difference of means, with no interval (never called significant).
      const d = orNaN(r.winner.heldOut[o.metric]?.mean) - orNaN(r.baseline.heldOut[o.metric]?.mean);
      difference = { mean: d, ci: { low: Number.NaN, high: Number.NaN }, pairs: 0 };
    }
    return {
      metric: o.metric,
      direction,
      baseline: estimate(r.baseline.heldOut[o.metric]),
      winner: estimate(r.winner.heldOut[o.metric]),
      difference,
    };
  });
  const metrics = r.objectives.map((o) => o.metric);
  const lineage: LineageStep[] = run.ancestry
    .filter((a) => a.runId === r.runId || a.hash === r.baseline.hash)
    .map((a) => ({
      generation: a.generation,
      candidateId: shortHash(a.hash),
      parents: a.parents.map(shortHash),
      operator: a.operator === 'original' ? 'seed (baseline)' : a.operator,
    }));
  if (!lineage.some((l) => l.candidateId === shortHash(r.winner.hash))) {
    lineage.push({
      generation: r.winner.generation,
      candidateId: shortHash(r.winner.hash),
      parents: [],
      operator: r.winner.operator,
    });
  }
  const models = [r.provider];
  if (run.settings.optimizerModel && run.settings.optimizerModel !== r.provider)
    models.push(run.settings.optimizerModel);
  const version = r.version ?? 1;
  return {
    runId: r.runId,
    prompt: { name: r.prompt.name, path: r.prompt.file, fromVersion: version - 1, toVersion: version },
    algorithm: r.algorithm,
    generations: r.generations,
    heldOut: { cases: r.split.heldOut, seed: r.seed },
    objectives,
    pareto: {
      metrics,
      points: r.front.map((f) => ({
        candidateId: shortHash(f.hash),
        values: f.values,
        ...(f.winner ? { chosen: true } : {}),
      })),
    },
    lineage,
    spend: {
      evaluations: r.evaluations.paidCalls,
      ...(r.evaluations.cacheHits ? { cachedEvaluations: r.evaluations.cacheHits } : {}),
      costUsd: r.costUsd,
      ...(run.settings.budget.maxEvaluations !== undefined
        ? { budgetEvaluations: run.settings.budget.maxEvaluations }
        : {}),
      ...(run.settings.budget.maxUsd !== undefined ? { budgetUsd: run.settings.budget.maxUsd } : {}),
    },
    models,
    ...(r.curve ? { progress: r.curve } : {}),
    reproduce: reproduceCommand(run),
  };
}
