/** Output of `evohub evolve`: the progress line per generation, the JSON report and its text form. */

import type { GenerationProgress } from '../../core/evolve/events.ts';
import type { HeldOutMetric } from '../../core/evolve/held-out.ts';
import type { EvolveSettings } from '../../core/evolve/settings.ts';
import type { Stat } from '../../core/pr/evidence-from-run.ts';
import type { EvolveOutcome } from '../../evaluator/evolve/run-evolve.ts';
import type { CommitResult } from './run-evolve-command.ts';

export type EvolveJson = {
  runId: string;
  prompt: { file: string; name: string };
  provider: string;
  simulated: boolean;
  algorithm: string;
  seed: number;
  resumed: boolean;
  status: 'completed' | 'stopped';
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
  branch: string | null;
  commit: string | null;
  version: number | null;
};

const num = (x: number) => (Number.isFinite(x) ? x : null);
const stat = (s: HeldOutMetric): Stat => ({ mean: num(s.mean), ci: [num(s.ci.low), num(s.ci.high)], n: s.n });
const stats = (r: Record<string, HeldOutMetric>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, stat(v)]));

export function evolveJson(
  o: EvolveOutcome,
  info: { file: string; name: string; committed: CommitResult; resumed: boolean },
): EvolveJson {
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
      saved: c.cacheHits + c.savedByRacing + c.savedBySurrogate,
      optimizerCalls: c.optimizerCalls,
      optimizerCacheHits: c.optimizerCacheHits,
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
    branch: info.committed?.branch ?? null,
    commit: info.committed?.commit ?? null,
    version: info.committed?.version ?? null,
  };
}

function f3(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return Math.abs(x) < 0.01 && x !== 0 ? x.toExponential(2) : x.toFixed(3);
}

export function progressLine(p: GenerationProgress, settings: EvolveSettings): string {
  const best = settings.objectives.map((o) => `${o.metric} ${f3(p.best[o.metric])}`).join(', ');
  return `gen ${p.generation + 1}/${settings.generations}  best: ${best}  front ${p.frontSize}  hv ${f3(p.hypervolume)}  evals ${p.evaluations} (paid ${p.paidCalls}, saved ${p.saved})  optimizer ${p.optimizerCalls}  $${p.costUsd.toFixed(4)}`;
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const ci = (s: Stat | undefined) => (s ? `${f3(s.mean)} [${f3(s.ci[0])}, ${f3(s.ci[1])}]` : '—');

export function formatEvolveReport(j: EvolveJson): string {
  const out: string[] = [];
  const sim = j.simulated ? ' (simulated)' : '';
  out.push(
    `Evolution ${j.runId} of ${j.prompt.file}${sim}: ${j.algorithm}, ${j.generations} generations, seed ${j.seed}${j.status === 'stopped' ? ` — stopped early: ${j.stoppedReason}` : ''}`,
  );
  out.push('');
  out.push(`Pareto front (${j.front.length}, evaluated on all ${j.split.selection} selection cases):`);
  out.push(
    table(
      [
        '',
        'id',
        'gen',
        'operator',
        ...j.objectives.map((o) => `${o.metric} (${o.goal === 'maximize' ? 'max' : 'min'})`),
        'hash',
      ],
      j.front.map((f) => [
        f.winner ? '*' : '',
        String(f.candidateId),
        String(f.generation),
        f.operator,
        ...j.objectives.map((o) => f3(f.values[o.metric])),
        f.hash.slice(0, 12),
      ]),
    ),
  );
  out.push('');
  out.push(
    j.split.heldOut > 0
      ? `Held-out (${j.split.heldOut} cases, 95% CI):`
      : `Selection cases (${j.split.selection}; no held-out split, so these figures are optimistic; 95% CI):`,
  );
  out.push(
    table(
      ['metric', 'baseline', 'winner'],
      j.objectives.map((o) => [o.metric, ci(j.baseline.heldOut[o.metric]), ci(j.winner.heldOut[o.metric])]),
    ),
  );
  out.push(`difference in ${j.improvement.metric}: ${ci(j.improvement)}`);
  out.push('');
  const e = j.evaluations;
  out.push(
    `Evaluations: ${e.run} run (${e.paidCalls} paid calls incl. ${e.optimizerCalls - e.optimizerCacheHits} optimizer), saved ${e.saved} (cache ${e.cacheHits}, racing ${e.savedByRacing}, surrogate ${e.savedBySurrogate}); cost $${j.costUsd.toFixed(4)}${sim}`,
  );
  if (!j.winner.changed) out.push('No candidate beat the baseline: nothing committed.');
  else if (!j.winner.accepted)
    out.push(
      `The winner (id ${j.winner.candidateId}) beat the baseline on the selection cases but not on the held-out cases (overfitting): nothing committed.`,
    );
  else if (j.branch)
    out.push(
      `Winner (id ${j.winner.candidateId}, ${j.winner.operator}) committed as version ${j.version} on branch ${j.branch} (${j.commit?.slice(0, 7)}).`,
    );
  else out.push(`Winner: id ${j.winner.candidateId} (${j.winner.operator}); not committed.`);
  return `${out.join('\n')}\n`;
}
