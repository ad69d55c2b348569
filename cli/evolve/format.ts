/** The text form of `evohub evolve`'s report (the progress lines: progress-display.ts). */
import type { EvolveReport, Stat } from '../../core/evolve/report.ts';

export function f3(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return Math.abs(x) < 0.01 && x !== 0 ? x.toExponential(2) : x.toFixed(3);
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

export function formatEvolveReport(j: EvolveReport): string {
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
