// Evolution runs, newest first: each opens its live progress, curves, front and archive.
import { get } from '../api.js';
import { add, h, table, when } from '../dom.js';
import { href } from '../routes.js';
import { evaluationsOf, headlineMetrics, statusBadge } from '../run-format.js';

export async function render(ctx) {
  ctx.title('Evolutions');
  const data = await get('/runs', { kind: 'evolve', limit: 100 }, ctx.signal);
  add(
    ctx.main,
    h('h1', null, 'Evolutions'),
    table(
      `Evolution runs (${data.total})`,
      [
        { label: 'Run', value: (r) => h('a', { href: href(['evolutions', r.id]) }, r.id) },
        { label: 'Status', value: (r) => statusBadge(r.status) },
        { label: 'Prompt', value: (r) => h('a', { href: href(['prompts', r.promptName]) }, r.promptName) },
        { label: 'Algorithm', value: (r) => r.summary?.evolve?.algorithm ?? r.options?.algorithm ?? '–' },
        { label: 'Started', value: (r) => when(r.startedAt) },
        { label: 'Evaluations', numeric: true, value: evaluationsOf },
        { label: 'Winner (held-out)', value: headlineMetrics },
      ],
      data.runs,
      { id: 'evolutions', empty: 'No evolution runs yet. Start one with `evohub evolve <prompt>`.' },
    ),
  );
}
