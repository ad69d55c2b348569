/** Output of `evohub evolve`: the progress line per generation and the report's text form. */
import type { EvolveEventListener, GenerationProgress } from '../../core/events.ts';
import type { EvolveReport, Stat } from '../../core/evolve/report.ts';
import type { EvolveSettings } from '../../core/evolve/settings.ts';

function f3(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return Math.abs(x) < 0.01 && x !== 0 ? x.toExponential(2) : x.toFixed(3);
}

export function progressLine(p: GenerationProgress, settings: EvolveSettings): string {
  const best = settings.objectives.map((o) => `${o.metric} ${f3(p.best[o.metric])}`).join(', ');
  return `gen ${p.generation + 1}/${settings.generations}  best: ${best}  front ${p.frontSize}  hv ${f3(p.hypervolume)}  evals ${p.evaluations} (paid ${p.paidCalls}, saved ${p.saved})  optimizer ${p.optimizerCalls}  $${p.costUsd.toFixed(4)}`;
}

/** The run's progress on stderr (and, with --redis, in the progress record), one line per event. */
export function evolveEventPrinter(
  stderr: { write(s: string): unknown },
  relPath: string,
  settings: EvolveSettings,
  progress: { generation(p: GenerationProgress): unknown } | undefined,
): EvolveEventListener {
  return (e) => {
    if (e.type === 'generation-finished') {
      stderr.write(`${progressLine(e, settings)}\n`);
      progress?.generation(e);
    } else if (e.type === 'evolve-started')
      stderr.write(
        `evolve ${relPath} — run ${e.runId}${e.resumedAt !== undefined ? ` (resumed after generation ${e.resumedAt})` : ''}, ${settings.algorithm}, ${settings.generations} generations × ${settings.population}\n`,
      );
    else if (e.type === 'evolve-stopped') stderr.write(`stopped early: ${e.reason}\n`);
    else if (e.type === 'held-out-started')
      stderr.write(`reporting baseline and winner on ${e.cases} held-out cases\n`);
  };
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
