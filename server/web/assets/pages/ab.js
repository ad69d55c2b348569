// A/B analysis: paste (or load) an A/B document as `evohub ab analyze` reads it, and see the decision, the
// sample-ratio check and each metric's estimate with its interval.
import { post } from '../api.js';
import { chartFigure } from '../charts.js';
import { add, badge, escapeHtml, facts, h, num, replace, table } from '../dom.js';

const EXAMPLE = {
  variants: [
    { name: 'control', users: 1000 },
    { name: 'treatment', users: 1000 },
  ],
  metrics: [
    { name: 'conversion', type: 'proportion', stats: { control: { sum: 100 }, treatment: { sum: 140 } } },
  ],
};

export async function render(ctx) {
  ctx.title('A/B analysis');
  const input = h(
    'textarea',
    { id: 'ab-doc', name: 'doc', rows: 14, cols: 80, spellcheck: 'false' },
    JSON.stringify(EXAMPLE, null, 2),
  );
  const file = h('input', { id: 'ab-file', type: 'file', accept: 'application/json,.json' });
  const out = h('div', { id: 'ab-result', 'aria-live': 'polite' });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (f) input.value = await f.text();
  });
  const form = h(
    'form',
    { 'aria-label': 'A/B document' },
    h(
      'p',
      null,
      h(
        'label',
        { for: 'ab-doc' },
        'A/B document (JSON, the input of ',
        h('code', null, 'evohub ab analyze'),
        ')',
      ),
    ),
    input,
    h(
      'p',
      { class: 'inline' },
      h('label', { for: 'ab-file' }, 'Or load a file'),
      file,
      h('button', { type: 'submit' }, 'Analyze'),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    let doc;
    try {
      doc = JSON.parse(input.value);
    } catch (err) {
      replace(out, h('p', { class: 'error', role: 'alert' }, `Not JSON: ${err.message}`));
      return;
    }
    try {
      replace(out, report(await post('/ab/analyze', doc, ctx.signal), ctx.signal));
    } catch (err) {
      replace(out, h('p', { class: 'error', role: 'alert' }, err.message));
    }
  });
  add(ctx.main, h('h1', null, 'A/B analysis'), form, out);
}

const DECISION_KIND = {
  ship: 'ok',
  rollback: 'bad',
  'srm-failed': 'bad',
  continue: 'live',
  inconclusive: 'warn',
};

function report(r, signal) {
  const rows = (r.metrics ?? []).flatMap((m) => (m.variants ?? []).map((v) => ({ metric: m, v })));
  const chart = chartFigure('Estimates with intervals', signal, {
    caption: 'Relative difference from the baseline with its confidence interval, per metric and variant.',
  });
  chart.update({
    tooltip: { trigger: 'item', formatter: (p) => escapeHtml(p.data?.info ?? '') },
    grid: { left: 160, right: 30, top: 20, bottom: 40 },
    xAxis: { type: 'value', scale: true, axisLabel: { color: '#1f2328', formatter: (x) => num(x) } },
    yAxis: {
      type: 'category',
      data: rows.map((x) => `${x.metric.name} · ${x.v.variant}`),
      axisLabel: { color: '#1f2328' },
    },
    series: [
      {
        type: 'scatter',
        symbolSize: 12,
        data: rows.map((x, i) => ({
          value: [x.v.estimate, i],
          info: `${x.metric.name} ${x.v.variant}: ${num(x.v.estimate)}`,
        })),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#0b57d0', width: 3, type: 'solid' },
          data: [
            ...rows
              .filter((x) => x.v.ci?.[0] !== null && x.v.ci?.[1] !== null)
              .map((x) => [{ coord: [x.v.ci[0], rows.indexOf(x)] }, { coord: [x.v.ci[1], rows.indexOf(x)] }]),
            [
              { coord: [0, 0], lineStyle: { type: 'dashed', color: '#57606a', width: 1 } },
              { coord: [0, Math.max(0, rows.length - 1)] },
            ],
          ],
        },
      },
    ],
  });
  return [
    h('h2', null, 'Result'),
    facts([
      ['Decision', badge(r.decision, DECISION_KIND[r.decision] ?? 'warn')],
      ['Reason', r.reason],
      ['Baseline', r.baseline],
      ['Sample ratio', r.srm ? `${r.srm.passed ? 'passed' : 'FAILED'} (p = ${num(r.srm.pValue)})` : null],
      ['Method', r.settings?.method],
    ]),
    table(
      'Metrics',
      [
        { label: 'Metric', value: (x) => `${x.metric.name}${x.metric.primary ? ' (primary)' : ''}` },
        { label: 'Variant', value: (x) => x.v.variant },
        { label: 'Baseline mean', numeric: true, value: (x) => num(x.metric.baseline?.mean) },
        { label: 'Variant mean', numeric: true, value: (x) => num(x.v.mean) },
        { label: 'Estimate', numeric: true, value: (x) => num(x.v.estimate) },
        { label: 'Interval', value: (x) => `[${num(x.v.ci?.[0])}, ${num(x.v.ci?.[1])}]` },
        { label: 'p', numeric: true, value: (x) => num(x.v.pValue) },
        { label: 'Outcome', value: (x) => x.v.outcome },
      ],
      rows,
      { id: 'ab-metrics' },
    ),
    chart.figure,
    (r.verdicts ?? []).length > 0
      ? table(
          'Verdicts',
          [
            { label: 'Variant', value: (v) => v.variant },
            { label: 'Decision', value: (v) => badge(v.decision, DECISION_KIND[v.decision] ?? 'warn') },
            { label: 'Reason', value: (v) => v.reason },
          ],
          r.verdicts,
        )
      : null,
  ];
}
