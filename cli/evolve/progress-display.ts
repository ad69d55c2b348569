/**
 * `evohub evolve`'s progress on stderr, a consumer of the event stream (core/events.ts): one line per generation
 * and the run's milestones, always; on a terminal also a live line within each generation (evaluations
 * done/planned, elapsed, ETA, spend against the budget), redrawn at most every 100 ms and cleared before the
 * next line is written.
 */
import type { EvolveEvent, EvolveEventListener, GenerationProgress } from '../../core/events.ts';
import type { EvolveSettings } from '../../core/evolve/settings.ts';
import type { Output } from '../context.ts';
import { bar, duration, eta } from '../shared/progress-format.ts';
import { f3 } from './format.ts';

export function progressLine(p: GenerationProgress, settings: EvolveSettings): string {
  const best = settings.objectives.map((o) => `${o.metric} ${f3(p.best[o.metric])}`).join(', ');
  return `gen ${p.generation + 1}/${settings.generations}  best: ${best}  front ${p.frontSize}  hv ${f3(p.hypervolume)}  evals ${p.evaluations} (paid ${p.paidCalls}, saved ${p.saved})  optimizer ${p.optimizerCalls}  $${p.costUsd.toFixed(4)}`;
}

/** The line a milestone event prints, or undefined for the events the live line shows. */
function milestone(e: EvolveEvent, relPath: string, settings: EvolveSettings): string | undefined {
  if (e.type === 'generation-finished') return progressLine(e, settings);
  if (e.type === 'evolve-started')
    return `evolve ${relPath} — run ${e.runId}${e.resumedAt !== undefined ? ` (resumed after generation ${e.resumedAt})` : ''}, ${settings.algorithm}, ${settings.generations} generations × ${settings.population}`;
  if (e.type === 'evolve-stopped') return `stopped early: ${e.reason}`;
  if (e.type === 'held-out-started') return `reporting baseline and winner on ${e.cases} held-out cases`;
  return undefined;
}

/** The live line's text: `gen 2/3 ███░░ 120/282 evals · 3.2s elapsed · ETA 4.1s · $0.0056 of $1.00`. */
export function liveLine(
  e: Extract<EvolveEvent, { type: 'evaluations-progress' }>,
  generations: number,
  elapsedMs: number,
): string {
  const left = eta(elapsedMs, e.done, e.planned);
  const spend = `$${e.costUsd.toFixed(4)}${e.budget.maxUsd !== undefined ? ` of $${e.budget.maxUsd}` : ''}`;
  const paid =
    e.budget.maxEvaluations !== undefined ? ` · ${e.paidCalls}/${e.budget.maxEvaluations} paid calls` : '';
  return [
    `gen ${e.generation + 1}/${generations} ${bar(e.done, e.planned)} ${e.done}/${e.planned} evals`,
    `${duration(elapsedMs)} elapsed`,
    left === undefined ? 'ETA –' : `ETA ${duration(left)}`,
    `${spend}${paid}`,
  ].join(' · ');
}

export function evolveProgressDisplay(
  out: Output,
  relPath: string,
  settings: EvolveSettings,
  now: () => number = Date.now,
): EvolveEventListener {
  let started = 0;
  let drawnAt = 0;
  let drawn = false;
  const clear = () => {
    if (drawn) out.write('\r\x1b[2K');
    drawn = false;
  };
  return (e) => {
    const line = milestone(e, relPath, settings);
    if (line !== undefined) {
      clear();
      out.write(`${line}\n`);
      return;
    }
    if (!out.isTTY) return;
    if (e.type === 'generation-started') {
      started = now();
      drawnAt = 0;
    } else if (e.type === 'evaluations-progress') {
      const t = now();
      if (t - drawnAt < 100 && e.done < e.planned) return;
      drawnAt = t;
      out.write(`\r\x1b[2K${liveLine(e, settings.generations, t - started)}`);
      drawn = true;
    } else if (e.type === 'evolve-finished') clear();
  };
}
