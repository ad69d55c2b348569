// How a stored run reads in lists and headers: its page (an evolve run opens its evolution), its headline
// metrics from the summary, its status as a badge.
import { badge, h, num } from './dom.js';
import { href } from './routes.js';

export function runHref(run) {
  return run.kind === 'evolve' ? href(['evolutions', run.id]) : href(['runs', run.id]);
}

/** The summary's metrics as "name mean" (the summary is the run's own document; read it defensively). */
export function headlineMetrics(run) {
  const metrics = Array.isArray(run.summary?.metrics) ? run.summary.metrics : [];
  return metrics.length === 0 ? '–' : metrics.map((m) => `${m.name} ${num(m.mean)}`).join(', ');
}

export function evaluationsOf(run) {
  const e = run.summary?.evaluations;
  return typeof e === 'number' ? num(e) : '–';
}

const STATUS_KIND = { completed: 'ok', running: 'live', failed: 'bad', interrupted: 'warn', partial: 'warn' };

export function statusBadge(status) {
  return badge(status, STATUS_KIND[status] ?? 'warn');
}

export function runLink(run) {
  return h('a', { href: runHref(run) }, run.id);
}
