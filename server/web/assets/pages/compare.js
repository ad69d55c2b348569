// A versus B: two runs on the cases they share, the mean of each metric side by side and the cases where the
// outcome differs first.
import { get } from '../api.js';
import { chartFigure } from '../charts.js';
import { add, badge, h, num, replace, table } from '../dom.js';
import { href } from '../routes.js';
import { loadECharts } from '../vendor.js';

export async function render(ctx) {
  const a = ctx.query.get('a') ?? '';
  const b = ctx.query.get('b') ?? '';
  ctx.title(`Compare ${a} and ${b}`);
  add(ctx.main, h('h1', null, 'Compare runs'), pickForm(a, b));
  if (!a || !b) return;
  const [data] = await Promise.all([get('/runs/compare', { a, b }, ctx.signal), loadECharts()]);
  const means = Object.entries(data.summary);
  const chart = chartFigure('Mean of each metric in run A and run B', ctx.signal, {
    caption: `Means over ${means[0]?.[1].n ?? 0} shared cases (A: ${a}, B: ${b}).`,
  });
  chart.update({
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: means.map(([m]) => m) },
    yAxis: { type: 'value' },
    series: [
      { name: 'A', type: 'bar', data: means.map(([, s]) => s.a) },
      { name: 'B', type: 'bar', data: means.map(([, s]) => s.b) },
    ],
  });
  const changed = (c) => Boolean(c.a && c.b && c.a.failed !== c.b.failed);
  const rows = [...data.cases].sort(
    (x, y) => Number(changed(y)) - Number(changed(x)) || x.caseIndex - y.caseIndex,
  );
  const region = h('div');
  const onlyChanged = h('input', { id: 'only-changed', type: 'checkbox' });
  const draw = () => replace(region, casesTable(data, onlyChanged.checked ? rows.filter(changed) : rows));
  onlyChanged.addEventListener('change', draw);
  draw();
  add(
    ctx.main,
    h(
      'p',
      null,
      'A: ',
      h('a', { href: href(['runs', a]) }, a),
      ' · B: ',
      h('a', { href: href(['runs', b]) }, b),
      ` · ${data.cases.length} shared cases, ${data.onlyInA} only in A, ${data.onlyInB} only in B`,
    ),
    table(
      'Means on the shared cases',
      [
        { label: 'Metric', value: ([m]) => m },
        { label: 'A', numeric: true, value: ([, s]) => num(s.a) },
        { label: 'B', numeric: true, value: ([, s]) => num(s.b) },
        {
          label: 'B − A',
          numeric: true,
          value: ([, s]) => (s.a === null || s.b === null ? '–' : num(s.b - s.a)),
        },
        { label: 'Cases', numeric: true, value: ([, s]) => num(s.n) },
      ],
      means,
      { id: 'compare-summary' },
    ),
    chart.figure,
    h('h2', null, 'Cases'),
    h(
      'p',
      { class: 'inline' },
      onlyChanged,
      h('label', { for: 'only-changed' }, 'Only cases whose result differs'),
    ),
    region,
  );
}

function pickForm(a, b) {
  const ia = h('input', { id: 'cmp-a', name: 'a', value: a, size: 28, required: true });
  const ib = h('input', { id: 'cmp-b', name: 'b', value: b, size: 28, required: true });
  const form = h(
    'form',
    { class: 'inline', 'aria-label': 'Pick two runs' },
    h('label', { for: 'cmp-a' }, 'Run A'),
    ia,
    h('label', { for: 'cmp-b' }, 'Run B'),
    ib,
    h('button', { type: 'submit' }, 'Compare'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = href(['runs', 'compare'], { a: ia.value.trim(), b: ib.value.trim() });
  });
  return form;
}

function side(s, metric) {
  if (!s) return '–';
  const v = s.metrics?.[metric];
  return h('span', { class: s.passes?.[metric] === false ? 'fail' : null }, num(v));
}

function casesTable(data, rows) {
  return table(
    `${rows.length} cases`,
    [
      { label: 'Case', value: (c) => h('a', { href: href(['runs', data.a, 'cases', c.caseId]) }, c.caseId) },
      ...data.metrics.flatMap((m) => [
        { label: `${m} A`, numeric: true, value: (c) => side(c.a, m) },
        { label: `${m} B`, numeric: true, value: (c) => side(c.b, m) },
      ]),
      {
        label: 'A',
        value: (c) => (c.a ? (c.a.failed ? badge('failed', 'bad') : badge('passed', 'ok')) : '–'),
      },
      {
        label: 'B',
        value: (c) => (c.b ? (c.b.failed ? badge('failed', 'bad') : badge('passed', 'ok')) : '–'),
      },
      { label: 'Output B', value: (c) => h('span', { class: 'clip' }, c.b?.error ?? c.b?.output ?? '–') },
    ],
    rows,
    { id: 'compare-cases' },
  );
}
