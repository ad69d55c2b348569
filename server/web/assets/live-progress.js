// The live progress panel of an evolution run: generation, evaluations, spend against the budget, elapsed
// time and ETA, fed by the API's Server-Sent Events (`progress` until the run ends, then `done`).
import { duration, h, num, replace, usd } from './dom.js';

/** The panel and an update(progress) that redraws it; `progress` is the API's Progress object. */
export function progressPanel() {
  const body = h(
    'div',
    { class: 'progress-body' },
    h('p', { class: 'muted' }, 'Connecting to the live event stream…'),
  );
  const panel = h(
    'section',
    { class: 'live-panel', id: 'live', 'aria-labelledby': 'live-h' },
    h('h2', { id: 'live-h' }, 'Progress'),
    h('div', { 'aria-live': 'polite', 'aria-atomic': 'true' }, body),
  );
  const update = (p) => {
    const gen = p.generations ? `${p.generation} of ${p.generations}` : String(p.generation);
    const spend = p.budgetUsd ? `${usd(p.costUsd)} of ${usd(p.budgetUsd)}` : usd(p.costUsd);
    const state = p.done ? 'finished' : p.status;
    panel.dataset.generation = String(p.generation);
    panel.dataset.done = String(Boolean(p.done));
    replace(
      body,
      h(
        'dl',
        { class: 'facts live-facts' },
        h('dt', null, 'State'),
        h('dd', { id: 'live-state' }, state, p.source === 'live' && !p.done ? ' (live)' : ''),
        h('dt', null, 'Generation'),
        h(
          'dd',
          { id: 'live-generation' },
          gen,
          p.generations ? meter('Generations done', p.generation, p.generations) : null,
        ),
        h('dt', null, 'Evaluations'),
        h('dd', { id: 'live-evaluations' }, num(p.evaluations)),
        h('dt', null, 'This generation'),
        h(
          'dd',
          { id: 'live-in-generation' },
          p.inGeneration && !p.done
            ? [
                `${num(p.inGeneration.done)} of ${num(p.inGeneration.planned)} evaluations`,
                meter(
                  'Evaluations done in this generation',
                  p.inGeneration.done,
                  Math.max(1, p.inGeneration.planned),
                ),
              ]
            : '–',
        ),
        h('dt', null, 'Spend'),
        h(
          'dd',
          { id: 'live-spend' },
          spend,
          p.budgetUsd ? meter('Budget spent', p.costUsd, p.budgetUsd) : null,
        ),
        h('dt', null, 'Best'),
        h('dd', null, num(p.bestFitness)),
        h('dt', null, 'Elapsed'),
        h('dd', null, duration(p.elapsedMs === null ? null : p.elapsedMs / 1000)),
        h('dt', null, 'ETA'),
        h('dd', { id: 'live-eta' }, p.done ? '–' : duration(p.etaMs === null ? null : p.etaMs / 1000)),
      ),
    );
  };
  return { panel, update };
}

function meter(label, value, max) {
  return h('progress', { value: Math.min(value, max), max, 'aria-label': label });
}
