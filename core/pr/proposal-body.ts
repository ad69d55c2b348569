/**
 * The body of the pull request that proposes an evolved prompt (pure): baseline vs winner per objective on the
 * held-out split with 95% intervals, the Pareto front, the lineage, what the run spent, and the command that
 * reproduces it. Evolution fills a ProposalEvidence; `evohub propose` renders and publishes it.
 */
import { type Verdict, verdictOf } from '../evaluation/paired.ts';
import type { Interval } from '../evaluation/stats.ts';
import { safeText } from '../text/safe-text.ts';
import { finishBody, interval, num, signed, table, usd } from './markdown.ts';

export type Estimate = { mean: number; ci: Interval };

export type ObjectiveEvidence = {
  metric: string;
  direction: 'maximize' | 'minimize';
  baseline: Estimate;
  winner: Estimate;
  /** Paired winner − baseline over the same held-out cases; decides the verdict. */
  difference: Estimate & { pairs: number };
};

export type ParetoPoint = {
  candidateId: string;
  /** Objective values by metric name (held-out means). */
  values: Record<string, number>;
  /** The candidate proposed in this pull request. */
  chosen?: boolean;
};

export type LineageStep = {
  generation: number;
  candidateId: string;
  parents: string[];
  /** Operator that made it (`seed` for the baseline). */
  operator: string;
};

export type ProposalEvidence = {
  runId: string;
  prompt: { name: string; path: string; fromVersion: number | null; toVersion: number };
  algorithm: string;
  generations: number;
  /** Where the comparison was made: the held-out split the search never saw. */
  heldOut: { cases: number; seed?: number };
  objectives: ObjectiveEvidence[];
  pareto: { metrics: string[]; points: ParetoPoint[] };
  lineage: LineageStep[];
  spend: {
    evaluations: number;
    cachedEvaluations?: number;
    costUsd: number;
    budgetEvaluations?: number;
    budgetUsd?: number;
  };
  /** Calls-to-target: the best selection score of the first objective every N paid calls (older runs: none). */
  progress?: { metric: string; every: number; points: { calls: number; best: number | null }[] };
  /** Models used; a `simulated/…` provider is labelled as such in the body. */
  models: string[];
  /** Shell command that reproduces the run. */
  reproduce: string;
};

export function proposalMarker(runId: string): string {
  return `<!-- evohub:proposal:${runId.replace(/[^\w.:-]/g, '_')} -->`;
}

const VERDICT_ICON: Record<Verdict, string> = {
  better: '✅ better',
  worse: '❌ worse',
  'no significant difference': '➖ no significant difference',
};

export function objectiveVerdict(o: ObjectiveEvidence): Verdict {
  return verdictOf(o.difference.ci, o.difference.pairs, o.direction);
}

export function proposalTitle(e: ProposalEvidence): string {
  const from = e.prompt.fromVersion === null ? 'new' : `v${e.prompt.fromVersion}`;
  return safeText(`evohub: ${e.prompt.name} ${from} → v${e.prompt.toVersion} (run ${e.runId})`, {
    singleLine: true,
  });
}

export function renderProposalBody(e: ProposalEvidence): string {
  const simulated = e.models.filter((m) => m.startsWith('simulated/'));
  const out: string[] = [proposalMarker(e.runId)];
  out.push(`## ${proposalTitle(e)}`, '');
  out.push(
    `Run \`${e.runId}\` (${e.algorithm}, ${e.generations} generation${e.generations === 1 ? '' : 's'}) evolved ` +
      `\`${e.prompt.path}\`. The comparison below is on the **held-out split** (${e.heldOut.cases} cases the search ` +
      'never saw), with 95% confidence intervals; the difference is paired over the same cases.',
  );
  if (simulated.length) {
    out.push(
      '',
      `> **Simulated provider** (${simulated.join(', ')}): these numbers come from evohub's simulator, not a real model.`,
    );
  }
  out.push('', '### Baseline vs winner (held-out)', '');
  out.push(
    table(
      ['objective', 'goal', 'baseline (95% CI)', 'winner (95% CI)', 'difference (95% CI)', 'verdict'],
      e.objectives.map((o) => [
        o.metric,
        o.direction === 'maximize' ? 'higher is better' : 'lower is better',
        `${num(o.baseline.mean)} ${interval(o.baseline.ci)}`,
        `${num(o.winner.mean)} ${interval(o.winner.ci)}`,
        `${signed(o.difference.mean)} ${interval(o.difference.ci)}`,
        VERDICT_ICON[objectiveVerdict(o)],
      ]),
    ),
  );
  out.push(
    '',
    `### Pareto front (${e.pareto.points.length} candidate${e.pareto.points.length === 1 ? '' : 's'})`,
    '',
  );
  out.push(
    table(
      ['candidate', ...e.pareto.metrics, ''],
      e.pareto.points.map((p) => [
        `\`${p.candidateId}\``,
        ...e.pareto.metrics.map((m) => num(p.values[m] ?? Number.NaN)),
        p.chosen ? '★ proposed' : '',
      ]),
    ),
  );
  out.push('', '### Lineage', '');
  out.push(
    table(
      ['generation', 'candidate', 'parents', 'operator'],
      [...e.lineage]
        .sort((a, b) => a.generation - b.generation)
        .map((s) => [
          String(s.generation),
          `\`${s.candidateId}\``,
          s.parents.length ? s.parents.map((p) => `\`${p}\``).join(', ') : '—',
          s.operator,
        ]),
    ),
  );
  const sp = e.spend;
  const evals = `${sp.evaluations.toLocaleString('en-US')}${
    sp.budgetEvaluations !== undefined ? ` of ${sp.budgetEvaluations.toLocaleString('en-US')} budgeted` : ''
  }${sp.cachedEvaluations ? ` (${sp.cachedEvaluations.toLocaleString('en-US')} from cache, free)` : ''}`;
  const cost = `${usd(sp.costUsd)}${sp.budgetUsd !== undefined ? ` of ${usd(sp.budgetUsd)} budgeted` : ''}`;
  out.push(
    '',
    '### Spend',
    '',
    `- evaluations: ${evals}`,
    `- cost: ${cost}`,
    `- models: ${e.models.join(', ')}`,
  );
  const pr = e.progress;
  if (pr && pr.points.length > 0) {
    const steps = pr.points.map(
      (p) => `${p.calls.toLocaleString('en-US')}: ${p.best === null ? '—' : num(p.best)}`,
    );
    out.push(
      '',
      '### Search progress',
      '',
      `Best ${pr.metric} on the selection cases after every ${pr.every.toLocaleString('en-US')} paid calls: ${steps.join(' · ')}`,
    );
  }
  out.push('', '### Reproduce', '', '```sh', e.reproduce, '```', '');
  return finishBody(out.join('\n'));
}
