// One prompt: its text at a revision, its versions (commits that changed its file) with a picker for a
// side-by-side diff of any two, and a link to its lineage.
import { get } from '../api.js';
import { add, facts, h, num, short, table, text, when } from '../dom.js';
import { href } from '../routes.js';
import { promptActions } from './prompt-actions.js';

export async function render(ctx) {
  const name = ctx.params.name;
  const rev = ctx.query.get('rev') ?? '';
  ctx.title(`${name}${rev ? `@${rev}` : ''}`);
  const [versions, current, list] = await Promise.all([
    get(`/prompts/${encodeURIComponent(name)}/versions`, { limit: 200 }, ctx.signal),
    get(`/prompts/${encodeURIComponent(name)}/revision`, { rev }, ctx.signal),
    get('/prompts', null, ctx.signal),
  ]);
  const envNames = list.environments;
  const specOf = (v) =>
    v.version !== null && v.version !== undefined ? String(v.version) : v.commit.slice(0, 12);
  add(
    ctx.main,
    h('h1', null, name, rev ? h('span', { class: 'muted' }, ` @${rev}`) : null),
    facts([
      ['File', h('code', null, current.path)],
      ['Version', text(current.version)],
      ['Resolved', `${current.resolvedBy}${current.commit ? ` ${short(current.commit)}` : ''}`],
      [
        'Content hash',
        h('a', { href: href(['candidates', current.contentHash]) }, short(current.contentHash)),
      ],
    ]),
    h(
      'p',
      { class: 'actions' },
      h('a', { class: 'button', href: href(['prompts', name, 'lineage'], { rev }) }, 'Lineage'),
      ' ',
      h('a', { class: 'button', href: href(['runs'], { prompt: name }) }, 'Runs'),
    ),
    diffPicker(name, [...versions.versions.map(specOf), ...envNames]),
    h('h2', null, 'Versions'),
    table(
      `Commits that changed ${name} (${num(versions.total)})`,
      [
        { label: 'Version', numeric: true, value: (v) => text(v.version) },
        {
          label: 'Commit',
          value: (v) => h('a', { href: href(['prompts', name], { rev: v.commit }) }, short(v.commit)),
        },
        { label: 'Date', value: (v) => when(v.date) },
        { label: 'Author', value: (v) => v.author.name },
        { label: 'Subject', value: (v) => (v.deleted ? `${v.subject} (deleted)` : v.subject) },
        {
          label: 'Compare',
          value: (v) =>
            h(
              'a',
              {
                href: href(['prompts', name, 'diff'], { a: v.commit, b: '' }),
                'aria-label': `${short(v.commit)} vs working tree`,
              },
              'vs working tree',
            ),
        },
      ],
      versions.versions,
      { id: 'versions' },
    ),
    promptActions(name, envNames, current.version),
    h('h2', null, 'Text'),
    h('pre', { class: 'prompt-text', tabindex: '0', 'aria-label': `Text of ${name}` }, current.text),
  );
}

/**
 * Two revision fields (any `name@rev` the CLI takes: a version, an environment, a branch, a commit), suggested
 * from the versions and environments, and a button that opens their diff.
 */
function diffPicker(name, specs) {
  const unique = [...new Set(specs)];
  const options = h(
    'datalist',
    { id: 'revs' },
    unique.map((s) => h('option', { value: s })),
  );
  const a = h('input', {
    id: 'diff-a',
    name: 'a',
    list: 'revs',
    value: unique[1] ?? unique[0] ?? '',
    size: 22,
    required: true,
  });
  const b = h('input', {
    id: 'diff-b',
    name: 'b',
    list: 'revs',
    value: '',
    size: 22,
    placeholder: 'working tree',
  });
  const form = h(
    'form',
    { class: 'inline', 'aria-label': 'Compare two revisions', id: 'diff-form' },
    h('label', { for: 'diff-a' }, `Compare ${name}@`),
    a,
    h('label', { for: 'diff-b' }, `with ${name}@`),
    b,
    options,
    h('button', { type: 'submit' }, 'Show diff'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = href(['prompts', name, 'diff'], { a: a.value.trim(), b: b.value.trim() });
  });
  return form;
}
