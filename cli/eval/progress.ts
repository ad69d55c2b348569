import type { EvalEvent, EvalEventListener } from '../../core/events.ts';
import type { Output } from '../context.ts';

/**
 * A one-line progress bar on a terminal (stderr), fed by the run's events; redrawn at most every 100 ms.
 * Not a terminal → nothing (logs stay clean).
 */
export function progressBar(
  out: Output,
  now: () => number = Date.now,
): { listener: EvalEventListener; end(): void } {
  if (!out.isTTY) return { listener: () => {}, end: () => {} };
  let last = 0;
  let label = '';
  let cached = 0;
  let errors = 0;
  let usd = 0;
  let drawn = false;
  const draw = (done: number, total: number) => {
    const width = 24;
    const filled = total ? Math.round((done / total) * width) : 0;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const extra = [`${cached} cached`, errors ? `${errors} errors` : '', usd ? `$${usd.toFixed(4)}` : '']
      .filter(Boolean)
      .join(' · ');
    out.write(`\r\x1b[2K${label} ${bar} ${done}/${total} · ${extra}`);
    drawn = true;
  };
  const listener = (e: EvalEvent) => {
    if (e.type === 'run-started') {
      label = `${e.prompt}${e.simulated ? ' (simulated)' : ''}`;
      cached = 0;
      errors = 0;
      usd = 0;
      draw(0, e.total);
    } else if (e.type === 'evaluation-scored') {
      if (e.cached) cached++;
      if (e.error) errors++;
      if (e.costUsd && !e.cached) usd += e.costUsd;
      const t = now();
      if (t - last >= 100 || e.done === e.total) {
        last = t;
        draw(e.done, e.total);
      }
    } else if (e.type === 'run-finished' && drawn) {
      out.write('\r\x1b[2K');
      drawn = false;
    }
  };
  return {
    listener,
    end: () => {
      if (drawn) out.write('\r\x1b[2K');
    },
  };
}
