// The ancestry of a prompt version as a graph back to the human-written original (the node with no parents),
// each node a candidate page away; a table lists the same nodes for screen readers and keyboard users.
import { get } from '../api.js';
import { chartFigure } from '../charts.js';
import { add, escapeHtml, h, metricList, short, table } from '../dom.js';
import { href } from '../routes.js';
import { loadECharts } from '../vendor.js';

export async function render(ctx) {
  const name = ctx.params.name;
  const rev = ctx.query.get('rev') ?? '';
  const hash = ctx.query.get('hash') ?? '';
  ctx.title(`Lineage of ${name}`);
  const [data] = await Promise.all([
    get(`/prompts/${encodeURIComponent(name)}/lineage`, { rev, hash }, ctx.signal),
    loadECharts(),
  ]);
  const originals = data.nodes.filter((n) => n.parents.length === 0 && n.operator !== 'unknown');
  const figure = chartFigure(`Lineage graph of ${name}`, ctx.signal, {
    class: 'tall',
    caption: `${data.nodes.length} versions; the human-written original on the left, ${short(data.hash)} on the right. Click a node to open it.`,
  });
  figure.update(lineageOption(data));
  figure.onClick((p) => {
    if (p.dataType === 'node' && p.data?.id) location.hash = href(['candidates', p.data.id]);
  });
  add(
    ctx.main,
    h('h1', null, 'Lineage of ', h('code', null, `${name}${rev ? `@${rev}` : ''}`)),
    h(
      'p',
      null,
      h('a', { href: href(['prompts', name]) }, `Back to ${name}`),
      originals.length > 0 ? ` · original: ${originals.map((o) => short(o.hash)).join(', ')}` : '',
    ),
    figure.figure,
    table(
      'Versions in the lineage, nearest first',
      [
        { label: 'Depth', numeric: true, value: (n) => String(n.depth) },
        { label: 'Version', value: (n) => h('a', { href: href(['candidates', n.hash]) }, short(n.hash)) },
        { label: 'Operator', value: (n) => n.operator },
        {
          label: 'Run',
          value: (n) => (n.runId ? h('a', { href: href(['evolutions', n.runId]) }, n.runId) : '–'),
        },
        {
          label: 'Generation',
          numeric: true,
          value: (n) => (n.generation >= 0 ? String(n.generation) : '–'),
        },
        { label: 'Fitness', value: (n) => metricList(n.fitness) },
        { label: 'Parents', value: (n) => n.parents.map(short).join(', ') || 'none (original)' },
      ],
      data.nodes,
      { id: 'lineage-nodes' },
    ),
  );
}

/** Nodes placed by depth (the queried version at the right, older to the left); edges from parent to child. */
function lineageOption(data) {
  const maxDepth = Math.max(0, ...data.nodes.map((n) => n.depth));
  const byDepth = new Map();
  for (const n of data.nodes) byDepth.set(n.depth, [...(byDepth.get(n.depth) ?? []), n]);
  const nodes = data.nodes.map((n) => {
    const row = byDepth.get(n.depth);
    const i = row.indexOf(n);
    const original = n.parents.length === 0;
    return {
      id: n.hash,
      name: `${short(n.hash).slice(0, 8)}\n${n.operator}`,
      x: (maxDepth - n.depth) * 160,
      y: (i - (row.length - 1) / 2) * 80,
      symbolSize: n.depth === 0 || original ? 44 : 30,
      itemStyle: { color: original ? '#146c2e' : n.depth === 0 ? '#b3261e' : '#0b57d0' },
      value: metricList(n.fitness),
    };
  });
  const known = new Set(nodes.map((n) => n.id));
  const links = [];
  for (const n of data.nodes)
    for (const p of n.parents) if (known.has(p)) links.push({ source: p, target: n.hash });
  return {
    tooltip: {
      formatter: (p) =>
        p.dataType === 'node' ? `${escapeHtml(p.data.id.slice(0, 16))}<br>${escapeHtml(p.data.value)}` : '',
    },
    series: [
      {
        type: 'graph',
        layout: 'none',
        roam: true,
        label: { show: true, position: 'bottom', color: '#1f2328', fontSize: 11, lineHeight: 15 },
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 8,
        lineStyle: { color: '#57606a', width: 1.5 },
        data: nodes,
        links,
      },
    ],
  };
}
