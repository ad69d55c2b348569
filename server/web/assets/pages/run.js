// One run: its facts and its per-case table (inputs, expected, output, each scorer, latency, cost) with a
// search box and a failed-only filter that query the API as you type.
import { get } from '../api.js';
import { add, badge, facts, h, ms, num, replace, table, text, usd, when } from '../dom.js';
import { href } from '../routes.js';
import { headlineMetrics, statusBadge } from '../run-format.js';

const PAGE = 100;

export async function render(ctx) {
  const id = ctx.params.id;
  ctx.title(`Run ${id}`);
  const q = ctx.query.get('q') ?? '';
  const failed = ctx.query.get('failed') === 'true';
  const results = h('div', { id: 'cases-region', 'aria-live': 'polite' });
  const search = h('input', { id: 'case-q', type: 'search', name: 'q', value: q, size: 28 });
  const onlyFailed = h('input', { id: 'case-failed', type: 'checkbox', name: 'failed', checked: failed });
  const state = { q, failed, offset: 0 };
  let timer = null;
  let inflight = null;
  const load = async () => {
    inflight?.abort();
    inflight = new AbortController();
    ctx.signal.addEventListener('abort', () => inflight?.abort(), { once: true });
    history.replaceState(null, '', href(['runs', id], { q: state.q, failed: state.failed ? 'true' : '' }));
    const page = await get(
      `/runs/${encodeURIComponent(id)}/cases`,
      { q: state.q, failed: state.failed ? 'true' : '', limit: PAGE, offset: state.offset },
      inflight.signal,
    );
    replace(results, casesTable(id, page, state, load));
    ctx.announce(`${page.total} cases`);
  };
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.q = search.value.trim();
      state.offset = 0;
      load().catch(() => {});
    }, 200);
  });
  onlyFailed.addEventListener('change', () => {
    state.failed = onlyFailed.checked;
    state.offset = 0;
    load().catch(() => {});
  });
  // The run's facts and its first page of cases at once.
  const [run] = await Promise.all([get(`/runs/${encodeURIComponent(id)}`, null, ctx.signal), load()]);
  add(
    ctx.main,
    h('h1', null, 'Run ', h('code', null, id)),
    facts([
      ['Kind', run.kind],
      ['Status', statusBadge(run.status)],
      ['Prompt', h('a', { href: href(['prompts', run.promptName]) }, run.promptName)],
      ['Provider', run.simulated ? `${run.provider} (simulated)` : run.provider],
      ['Started', when(run.startedAt)],
      ['Finished', when(run.finishedAt)],
      ['Metrics', headlineMetrics(run)],
      ['Note', run.note],
    ]),
    h(
      'p',
      { class: 'actions' },
      run.kind === 'evolve'
        ? [h('a', { class: 'button', href: href(['evolutions', id]) }, 'Evolution'), ' ']
        : null,
      h(
        'a',
        { class: 'button', href: href(['runs'], { prompt: run.promptName }) },
        'Other runs of this prompt',
      ),
    ),
    h('h2', null, 'Cases'),
    h(
      'form',
      {
        class: 'inline filters',
        role: 'search',
        'aria-label': 'Filter cases',
        onsubmit: (e) => e.preventDefault(),
      },
      h('label', { for: 'case-q' }, 'Search'),
      search,
      onlyFailed,
      h('label', { for: 'case-failed' }, 'Failed only'),
    ),
    results,
  );
}

function casesTable(runId, page, state, reload) {
  const scorerColumns = page.metrics.map((m) => ({
    label: m,
    numeric: true,
    value: (c) => scoreCell(c, m),
  }));
  const nav = [];
  if (state.offset > 0)
    nav.push(
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            state.offset = Math.max(0, state.offset - PAGE);
            reload();
          },
        },
        'Previous',
      ),
    );
  if (page.offset + page.cases.length < page.total)
    nav.push(
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            state.offset += PAGE;
            reload();
          },
        },
        'Next',
      ),
    );
  return [
    table(
      `Cases ${page.total === 0 ? 0 : page.offset + 1}–${page.offset + page.cases.length} of ${page.total}`,
      [
        {
          label: 'Case',
          value: (c) =>
            h('a', { href: href(['runs', runId, 'cases', c.caseId], { repeat: c.repeat || '' }) }, c.caseId),
        },
        { label: 'Inputs', value: (c) => h('span', { class: 'clip' }, inputsText(c.inputs)) },
        { label: 'Expected', value: (c) => h('span', { class: 'clip' }, text(c.expected)) },
        {
          label: 'Output',
          value: (c) => h('span', { class: 'clip' }, c.error ? `error: ${c.error}` : c.output),
        },
        ...scorerColumns,
        { label: 'Result', value: (c) => (c.failed ? badge('failed', 'bad') : badge('passed', 'ok')) },
        { label: 'Latency', numeric: true, value: (c) => ms(c.latencyMs) },
        { label: 'Cost', numeric: true, value: (c) => usd(c.costUsd) },
      ],
      page.cases,
      {
        id: 'cases',
        class: 'cases',
        empty: state.q || state.failed ? 'No case matches.' : 'No cases stored.',
      },
    ),
    nav.length ? h('p', { class: 'actions' }, nav) : null,
  ];
}

function scoreCell(c, metric) {
  const v = c.metrics?.[metric];
  const pass = c.passes?.[metric];
  if (v === undefined) return '–';
  return h('span', { class: pass === false ? 'fail' : null }, num(v), pass === false ? ' ✗' : '');
}

/** `name: value · name: value` (values as text, objects as JSON): readable in one line. */
function inputsText(inputs) {
  if (!inputs || typeof inputs !== 'object') return text(inputs);
  return Object.entries(inputs)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}
