// ECharts options for an evolution run (pure: data in, option out): fitness curves per objective, the Pareto
// front with the baseline and winner marked, and the MAP-Elites archive as a heat map.
import { escapeHtml, metricList, num, short } from './dom.js';

const AXIS_TEXT = { color: '#1f2328' };

/**
 * One entry per prompt version: the loop records a candidate again when a later generation re-evaluates the
 * same content. Keeps the record scored on the most cases (then the latest) and lists every generation.
 */
export function distinctCandidates(candidates) {
  const byHash = new Map();
  for (const c of candidates) {
    const seen = byHash.get(c.hash);
    if (!seen) byHash.set(c.hash, { ...c, generations: [c.generation] });
    else {
      const generations = [...seen.generations, c.generation];
      const better = c.cases > seen.cases || (c.cases === seen.cases && c.generation >= seen.generation);
      byHash.set(c.hash, { ...(better ? c : seen), generations });
    }
  }
  return [...byHash.values()];
}

/** Best value of one objective per generation, and the front's hypervolume when there are two objectives. */
export function fitnessOption(history, objective) {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 70, right: 20, top: 30, bottom: 40 },
    xAxis: {
      type: 'category',
      name: 'generation',
      nameLocation: 'middle',
      nameGap: 26,
      data: history.map((g) => g.generation + 1),
      axisLabel: AXIS_TEXT,
    },
    yAxis: { type: 'value', scale: true, axisLabel: { ...AXIS_TEXT, formatter: (v) => num(v) } },
    series: [
      {
        name: `${objective.metric} (${objective.goal})`,
        type: 'line',
        symbolSize: 8,
        data: history.map((g) => g.best?.[objective.metric] ?? null),
      },
    ],
    title: {
      text: `${objective.metric} (${objective.goal})`,
      left: 'center',
      textStyle: { fontSize: 13, color: '#1f2328' },
    },
  };
}

export function hypervolumeOption(history) {
  return fitnessOption(
    history.map((g) => ({ generation: g.generation, best: { hypervolume: g.hypervolume } })),
    { metric: 'hypervolume', goal: 'maximize' },
  );
}

/**
 * Candidates on the first two objectives (one objective: value by generation). The front, the baseline and
 * the winner are separate series so the legend names them; each point carries its hash for a click.
 */
export function frontOption(evolution) {
  const [x, y] = evolution.objectives;
  const report = evolution.report;
  const frontHashes = new Set((report?.front ?? []).map((f) => f.hash));
  const point = (c) => ({
    value: y ? [c.values?.[x.metric], c.values?.[y.metric]] : [c.generation, c.values?.[x.metric]],
    hash: c.hash,
    info: [`${short(c.hash)} · gen ${c.generation} · ${c.operator}`, metricList(c.values)],
  });
  const distinct = distinctCandidates(evolution.candidates);
  const all = distinct.filter((c) => !frontHashes.has(c.hash)).map(point);
  const front = distinct.filter((c) => frontHashes.has(c.hash)).map(point);
  const frontSorted = y ? [...front].sort((p, q) => p.value[0] - q.value[0]) : front;
  // Marked where the candidate itself is drawn (its record on the most cases), else at the report's values.
  const plotted = (r) => distinct.find((c) => c.hash === r?.hash)?.values ?? r?.selection;
  const special = (name, hash, values, symbol, color) =>
    hash
      ? [
          {
            name,
            type: 'scatter',
            symbol,
            symbolSize: 22,
            itemStyle: { color, borderColor: '#1f2328', borderWidth: 1 },
            data: [
              {
                value: y ? [values?.[x.metric], values?.[y.metric]] : [0, values?.[x.metric]],
                hash,
                info: [`${name} ${short(hash)}`, metricList(values)],
              },
            ],
            z: 5,
          },
        ]
      : [];
  return {
    legend: { top: 0 },
    tooltip: { trigger: 'item', formatter: (p) => (p.data?.info ?? []).map(escapeHtml).join('<br>') },
    grid: { left: 80, right: 30, top: 40, bottom: 50 },
    xAxis: {
      type: 'value',
      scale: true,
      name: y ? `${x.metric} (${x.goal})` : 'generation',
      nameLocation: 'middle',
      nameGap: 30,
      axisLabel: { ...AXIS_TEXT, formatter: (v) => num(v) },
    },
    yAxis: {
      type: 'value',
      scale: true,
      name: y ? `${y.metric} (${y.goal})` : x.metric,
      axisLabel: { ...AXIS_TEXT, formatter: (v) => num(v) },
    },
    series: [
      { name: 'candidates', type: 'scatter', symbolSize: 9, itemStyle: { color: '#8c959f' }, data: all },
      {
        name: 'Pareto front',
        type: y ? 'line' : 'scatter',
        symbolSize: 12,
        lineStyle: { type: 'dashed' },
        itemStyle: { color: '#0b57d0' },
        data: frontSorted,
      },
      ...special('baseline', report?.baseline?.hash, plotted(report?.baseline), 'diamond', '#146c2e'),
      ...special('winner', report?.winner?.hash, plotted(report?.winner), 'pin', '#b3261e'),
    ],
  };
}

/** The archive's cells on its first two descriptors, coloured by the first objective. */
export function archiveOption(archive, objective) {
  const [d0, d1] = archive.descriptors;
  // The whole grid when the server names the bins per axis, else the part that holds elites.
  const xs = archive.bins?.[0] ?? Math.max(1, ...archive.cells.map((c) => (c.cell[0] ?? 0) + 1));
  const ys = archive.bins?.[1] ?? Math.max(1, ...archive.cells.map((c) => (c.cell[1] ?? 0) + 1));
  const data = archive.cells.map((c) => ({
    value: [c.cell[0] ?? 0, c.cell[1] ?? 0, c.fitness?.[objective.metric] ?? null],
    hash: c.hash,
  }));
  const values = data.map((d) => d.value[2]).filter((v) => typeof v === 'number');
  return {
    tooltip: {
      formatter: (p) =>
        `${escapeHtml(short(p.data.hash))}: ${escapeHtml(objective.metric)} ${escapeHtml(num(p.data.value[2]))}`,
    },
    grid: { left: 80, right: 140, top: 20, bottom: 50 },
    xAxis: {
      type: 'category',
      name: `${d0} (bin)`,
      nameLocation: 'middle',
      nameGap: 28,
      data: [...Array(xs).keys()].map(String),
      splitArea: { show: true },
      axisLabel: AXIS_TEXT,
    },
    yAxis: {
      type: 'category',
      name: d1 ? `${d1} (bin)` : '',
      nameLocation: 'middle',
      nameGap: 36,
      data: [...Array(ys).keys()].map(String),
      splitArea: { show: true },
      axisLabel: AXIS_TEXT,
    },
    visualMap: {
      min: values.length ? Math.min(...values) : 0,
      max: values.length ? Math.max(...values) : 1,
      calculable: true,
      orient: 'vertical',
      right: 10,
      top: 'middle',
      formatter: (v) => num(v),
      text: [`high ${objective.metric}`, 'low'],
      textStyle: AXIS_TEXT,
      inRange: { color: objective.goal === 'minimize' ? ['#0b57d0', '#e8f0fe'] : ['#e8f0fe', '#0b57d0'] },
    },
    series: [{ name: objective.metric, type: 'heatmap', data, label: { show: false } }],
  };
}
