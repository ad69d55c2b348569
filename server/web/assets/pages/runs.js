// Runs, newest first, filtered by kind, prompt and status, paged; tick two to compare them case by case.
import { get } from '../api.js';
import { add, h, table, when } from '../dom.js';
import { href } from '../routes.js';
import { evaluationsOf, headlineMetrics, runLink, statusBadge } from '../run-format.js';

const PAGE = 50;
const STATUSES = ['', 'running', 'completed', 'partial', 'failed', 'interrupted', 'completed-with-errors'];

export async function render(ctx) {
  ctx.title('Runs');
  const filters = {
    kind: ctx.query.get('kind') ?? '',
    prompt: ctx.query.get('prompt') ?? '',
    status: ctx.query.get('status') ?? '',
  };
  const offset = Number(ctx.query.get('offset') ?? 0) || 0;
  const data = await get('/runs', { ...filters, limit: PAGE, offset }, ctx.signal);
  const picked = new Set();
  const compare = h('button', { type: 'button', disabled: true }, 'Compare the two ticked runs');
  compare.addEventListener('click', () => {
    const [a, b] = [...picked];
    location.hash = href(['runs', 'compare'], { a, b });
  });
  const tick = (run) => {
    const box = h('input', {
      type: 'checkbox',
      'aria-label': `Pick ${run.id} for comparison`,
      value: run.id,
    });
    box.addEventListener('change', () => {
      if (box.checked) picked.add(run.id);
      else picked.delete(run.id);
      compare.disabled = picked.size !== 2;
    });
    return box;
  };
  add(
    ctx.main,
    h('h1', null, 'Runs'),
    filterForm(filters),
    table(
      `Runs ${data.offset + 1}–${data.offset + data.runs.length} of ${data.total}`,
      [
        { label: 'Compare', value: tick },
        { label: 'Run', value: runLink },
        { label: 'Kind', value: (r) => r.kind },
        { label: 'Status', value: (r) => statusBadge(r.status) },
        { label: 'Prompt', value: (r) => h('a', { href: href(['prompts', r.promptName]) }, r.promptName) },
        { label: 'Provider', value: (r) => (r.simulated ? `${r.provider} (simulated)` : r.provider) },
        { label: 'Started', value: (r) => when(r.startedAt) },
        { label: 'Evaluations', numeric: true, value: evaluationsOf },
        { label: 'Metrics', value: headlineMetrics },
      ],
      data.runs,
      { id: 'runs', empty: 'No runs match. Run `evohub eval <prompt>` to store one.' },
    ),
    h('p', { class: 'actions' }, compare, ' ', pager(filters, data)),
  );
}

function filterForm(filters) {
  const kind = h(
    'select',
    { id: 'f-kind', name: 'kind' },
    ['', 'eval', 'evolve'].map((k) => h('option', { value: k }, k || 'any')),
  );
  kind.value = filters.kind;
  const status = h(
    'select',
    { id: 'f-status', name: 'status' },
    STATUSES.map((s) => h('option', { value: s }, s || 'any')),
  );
  status.value = filters.status;
  const prompt = h('input', {
    id: 'f-prompt',
    name: 'prompt',
    type: 'text',
    value: filters.prompt,
    size: 18,
  });
  const form = h(
    'form',
    { class: 'inline filters', role: 'search', 'aria-label': 'Filter runs' },
    h('label', { for: 'f-kind' }, 'Kind'),
    kind,
    h('label', { for: 'f-prompt' }, 'Prompt'),
    prompt,
    h('label', { for: 'f-status' }, 'Status'),
    status,
    h('button', { type: 'submit' }, 'Filter'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = href(['runs'], { kind: kind.value, prompt: prompt.value.trim(), status: status.value });
  });
  return form;
}

function pager(filters, data) {
  const links = [];
  if (data.offset > 0)
    links.push(
      h('a', { href: href(['runs'], { ...filters, offset: Math.max(0, data.offset - PAGE) }) }, 'Newer'),
    );
  if (data.offset + data.runs.length < data.total)
    links.push(h('a', { href: href(['runs'], { ...filters, offset: data.offset + PAGE }) }, 'Older'));
  return h(
    'span',
    { class: 'pager' },
    links.flatMap((l, i) => (i ? [' · ', l] : [l])),
  );
}
