// The prompt page's write actions: move an environment's pin to a revision, start an evolve (then follow it live).
import { actionForm, input, select } from '../actions.js';
import { h } from '../dom.js';
import { href } from '../routes.js';

export function promptActions(name, environments, currentVersion) {
  const promote = actionForm({
    id: 'promote',
    title: 'Promote',
    fields: [
      [
        `Revision (${name}@…)`,
        input('promote-rev', 'spec', currentVersion === null ? '' : String(currentVersion)),
      ],
      ['Environment', select('promote-env', 'env', environments)],
    ],
    button: 'Promote',
    run: (v) => ({ path: '/actions/promote', body: { spec: `${name}@${v.spec}`, env: v.env } }),
    done: () => 'Promoted: the environment file was changed and committed.',
  });
  const evolve = actionForm({
    id: 'evolve',
    title: 'Start an evolve',
    fields: [
      ['Algorithm', select('evolve-algorithm', 'algorithm', ['nsga2', 'map-elites', 'cma-es', 'ga'])],
      [
        'Generations',
        input('evolve-generations', 'generations', '5', { type: 'number', min: 1, max: 100, size: 4 }),
      ],
      [
        'Population',
        input('evolve-population', 'population', '8', { type: 'number', min: 2, max: 200, size: 4 }),
      ],
    ],
    button: 'Start',
    run: (v) => ({
      path: '/actions/evolve',
      body: {
        prompt: name,
        options: { algorithm: v.algorithm, generations: v.generations, population: v.population },
      },
    }),
    done: (out) => {
      location.hash = href(['evolutions', out.runId]);
      return `Started ${out.runId}.`;
    },
  });
  return h(
    'section',
    { class: 'actions-panel', 'aria-labelledby': 'actions-h' },
    h('h2', { id: 'actions-h' }, 'Actions'),
    promote,
    evolve,
  );
}
