// Canary: the gate's decisions over time for a rollout (from the decision log `evohub gate` writes): the
// primary metric's estimate with its interval at each check, coloured by the decision, and the log as a table.
import { get } from '../api.js';
import { chartFigure } from '../charts.js';
import { add, badge, escapeHtml, h, num, table, when } from '../dom.js';
import { href } from '../routes.js';
import { loadECharts } from '../vendor.js';

const COLOR = { promote: '#146c2e', rollback: '#b3261e', continue: '#0b57d0' };
const KIND = { promote: 'ok', rollback: 'bad', continue: 'live' };

export async function render(ctx) {
  const rollout = ctx.query.get('rollout') ?? '';
  ctx.title(rollout ? `Canary ${rollout}` : 'Canary');
  const [data] = await Promise.all([get('/canary/decisions', { rollout }, ctx.signal), loadECharts()]);
  add(ctx.main, h('h1', null, 'Canary gate decisions'), picker(data.rollouts, rollout));
  if (data.decisions.length === 0) {
    add(
      ctx.main,
      h(
        'p',
        { class: 'muted' },
        'No decisions logged yet: `evohub gate` appends one line per check to .evohub/gate-decisions.jsonl.',
      ),
    );
    return;
  }
  const chart = chartFigure('Gate decisions over time', ctx.signal, {
    caption:
      'Estimate of the primary metric (relative difference, canary vs stable) at each check, with its interval; colour = decision.',
  });
  chart.update(decisionsOption(data.decisions));
  add(
    ctx.main,
    chart.figure,
    table(
      `${data.decisions.length} decisions, oldest first`,
      [
        { label: 'When', value: (d) => when(d.at) },
        { label: 'Rollout', value: (d) => d.rollout },
        { label: 'Prompt', value: (d) => d.prompt },
        { label: 'Decision', value: (d) => badge(d.decision, KIND[d.decision]) },
        {
          label: 'Primary',
          value: (d) =>
            d.primary
              ? `${d.primary.metric}: ${num(d.primary.estimate)} [${num(d.primary.ci?.[0])}, ${num(d.primary.ci?.[1])}] ${d.primary.outcome}`
              : '–',
        },
        {
          label: 'Requests',
          value: (d) =>
            Object.entries(d.requests)
              .map(([k, v]) => `${k} ${num(v)}`)
              .join(', '),
        },
        { label: 'Window', value: (d) => d.window },
        { label: 'Reason', value: (d) => d.reason },
      ],
      data.decisions,
      { id: 'decisions' },
    ),
  );
}

function picker(rollouts, current) {
  const select = h(
    'select',
    { id: 'rollout', name: 'rollout' },
    h('option', { value: '' }, 'all rollouts'),
    rollouts.map((r) => h('option', { value: r }, r)),
  );
  select.value = current;
  select.addEventListener('change', () => {
    location.hash = href(['canary'], { rollout: select.value });
  });
  return h('p', { class: 'inline' }, h('label', { for: 'rollout' }, 'Rollout'), select);
}

/** Estimates over time (colour and symbol = decision), the interval's bounds as dashed lines, zero marked. */
function decisionsOption(decisions) {
  const t = (d) => Date.parse(d.at);
  const points = decisions.map((d) => ({
    value: [t(d), d.primary?.estimate ?? null],
    itemStyle: { color: COLOR[d.decision] ?? '#57606a' },
    symbol: d.decision === 'continue' ? 'circle' : 'diamond',
    symbolSize: d.decision === 'continue' ? 10 : 18,
    info: `${when(d.at)} ${d.rollout}: ${d.decision}${d.primary ? ` (${d.primary.metric} ${num(d.primary.estimate)})` : ''}`,
  }));
  const bound = (i) => decisions.map((d) => [t(d), d.primary?.ci?.[i] ?? null]);
  const band = {
    type: 'line',
    symbol: 'none',
    silent: true,
    lineStyle: { type: 'dashed', color: '#57606a', width: 1 },
    itemStyle: { color: '#57606a' },
  };
  return {
    legend: { top: 0, data: ['estimate', 'interval'] },
    tooltip: { trigger: 'item', formatter: (p) => escapeHtml(p.data?.info ?? '') },
    grid: { left: 70, right: 30, top: 36, bottom: 50 },
    xAxis: { type: 'time', axisLabel: { color: '#1f2328' } },
    yAxis: {
      type: 'value',
      scale: true,
      name: 'estimate',
      axisLabel: { color: '#1f2328', formatter: (v) => num(v) },
    },
    series: [
      {
        name: 'estimate',
        type: 'line',
        data: points,
        lineStyle: { color: '#8c959f' },
        itemStyle: { color: '#0b57d0' },
        markLine: {
          symbol: 'none',
          silent: true,
          label: { formatter: 'no difference', position: 'insideEndTop' },
          lineStyle: { color: '#1f2328' },
          data: [{ yAxis: 0 }],
        },
      },
      { ...band, name: 'interval', data: bound(0) },
      { ...band, name: 'interval', data: bound(1) },
    ],
  };
}
