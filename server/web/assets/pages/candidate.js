// One evaluated candidate (any prompt version an evolution scored, addressable by its content hash): its
// prompt, its scores, its parents, the runs that scored it and its lineage.

import { actionForm, select } from '../actions.js';
import { get } from '../api.js';
import { add, facts, h, num, short, table } from '../dom.js';
import { href } from '../routes.js';

export async function render(ctx) {
  const hash = ctx.params.hash;
  ctx.title(`Candidate ${short(hash)}`);
  const c = await get(`/candidates/${encodeURIComponent(hash)}`, null, ctx.signal);
  const messages = Array.isArray(c.prompt?.messages) ? c.prompt.messages : [];
  const params = c.prompt?.modelParameters ?? {};
  add(
    ctx.main,
    h('h1', null, 'Candidate ', h('code', { title: c.hash }, short(c.hash))),
    facts([
      ['Prompt', c.name ? h('a', { href: href(['prompts', c.name]) }, c.name) : null],
      ['Hash', h('code', { class: 'hash' }, c.hash)],
      ['Generation', c.generation === null ? null : String(c.generation)],
      ['Operator', c.operator],
      ['Model', c.prompt?.model],
      [
        'Parents',
        c.parents.length === 0
          ? 'none (human-written original)'
          : c.parents.flatMap((p, i) => [
              i ? ', ' : '',
              h('a', { href: href(['candidates', p]), class: 'parent' }, short(p)),
            ]),
      ],
      ['Runs', c.runIds.flatMap((r, i) => [i ? ', ' : '', h('a', { href: href(['evolutions', r]) }, r)])],
    ]),
    h(
      'p',
      { class: 'actions' },
      c.name
        ? h(
            'a',
            {
              class: 'button',
              id: 'candidate-lineage',
              href: href(['prompts', c.name, 'lineage'], { hash: c.hash }),
            },
            'Lineage',
          )
        : null,
    ),
    c.runIds.length > 0 ? proposeForm(c) : null,
    h('h2', null, 'Scores'),
    table(
      'Mean score per metric on the cases it was evaluated on',
      [
        { label: 'Metric', value: ([m]) => m },
        { label: 'Mean', numeric: true, value: ([, s]) => num(s.mean) },
        { label: 'Cases', numeric: true, value: ([, s]) => num(s.n) },
        { label: 'Fitness (lineage)', numeric: true, value: ([m]) => num(c.fitness?.[m]) },
      ],
      Object.entries(c.scores ?? {}),
      { id: 'scores', empty: 'No stored evaluations.' },
    ),
    h('h2', null, 'Prompt'),
    messages.length === 0
      ? h('p', { class: 'muted' }, 'The prompt text of this candidate is not stored.')
      : messages.map((m, i) =>
          h(
            'section',
            { class: 'message', 'aria-label': `Message ${i + 1} (${m.role})` },
            h('h3', null, `${i + 1}. ${m.role}`),
            h('pre', { tabindex: '0' }, m.content),
          ),
        ),
    Object.keys(params).length > 0
      ? table(
          'Model parameters',
          [
            { label: 'Parameter', value: ([k]) => k },
            { label: 'Value', value: ([, v]) => JSON.stringify(v) },
          ],
          Object.entries(params),
        )
      : null,
  );
}

/** Opens a pull request (or a local proposal record) with this candidate, as `evohub propose --candidate`. */
function proposeForm(c) {
  return h(
    'section',
    { class: 'actions-panel', 'aria-labelledby': 'actions-h' },
    h('h2', { id: 'actions-h' }, 'Actions'),
    actionForm({
      id: 'propose',
      title: 'Propose this candidate',
      fields: [['From run', select('propose-run', 'run', c.runIds)]],
      button: 'Propose',
      run: (v) => ({ path: '/actions/propose', body: { run: v.run, candidate: c.hash } }),
      done: (out) => `Proposed: ${out?.url ?? out?.path ?? JSON.stringify(out)}`,
    }),
  );
}
