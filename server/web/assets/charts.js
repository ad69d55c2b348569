// Charts with ECharts: one figure helper that every chart page uses.
import { h } from './dom.js';
import { loadECharts } from './vendor.js';

/** Shared look: readable axis text, no animation (charts update live; screenshots should be final). */
const BASE = {
  animation: false,
  textStyle: { color: '#1f2328', fontFamily: 'system-ui, sans-serif' },
  color: ['#0b57d0', '#b3261e', '#146c2e', '#8a4b00', '#6b3fa0', '#00639b'],
};

/**
 * A figure with a chart: returns { figure, update(option) }. The chart is created once the container is in the
 * document, resizes with it and is disposed when `signal` aborts (the page was left). `label` names the chart
 * for assistive technology; `summary` is a text alternative shown under it.
 */
export function chartFigure(label, signal, opts = {}) {
  // role=img with our label (ECharts' own aria option would overwrite it with a generated text).
  const box = h('div', {
    class: `chart ${opts.class ?? ''}`.trim(),
    role: 'img',
    'aria-label': label,
    'data-chart': label,
  });
  const summary = h('figcaption', null, opts.caption ?? label);
  const figure = h('figure', { class: 'chart-figure' }, box, summary);
  let chart = null;
  let pending = null;
  const ready = loadECharts().then((echarts) => {
    if (signal.aborted) return;
    chart = echarts.init(box, null, { renderer: 'canvas' });
    const ro = new ResizeObserver(() => chart?.resize());
    ro.observe(box);
    signal.addEventListener('abort', () => {
      ro.disconnect();
      chart?.dispose();
      chart = null;
    });
    if (pending) chart.setOption({ ...BASE, ...pending }, true);
  });
  return {
    figure,
    ready,
    setCaption(text) {
      summary.textContent = text;
    },
    update(option) {
      if (chart) chart.setOption({ ...BASE, ...option }, true);
      else pending = option;
    },
    onClick(handler) {
      ready.then(() => chart?.on('click', handler));
    },
  };
}
