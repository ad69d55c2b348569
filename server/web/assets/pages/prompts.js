// Prompts: each prompt with its version in the working tree and the version each environment pins.
import { get } from '../api.js';
import { add, h, short, table, text } from '../dom.js';
import { href } from '../routes.js';

export async function render(ctx) {
  ctx.title('Prompts');
  const data = await get('/prompts', null, ctx.signal);
  const envColumns = data.environments.map((env) => ({
    label: env,
    numeric: true,
    value: (p) => pin(p, env),
  }));
  add(
    ctx.main,
    h('h1', null, 'Prompts'),
    h(
      'p',
      { class: 'muted' },
      `${data.prompts.length} prompts · environments: ${data.environments.join(', ') || 'none'}`,
    ),
    table(
      'Prompts and the version each environment serves',
      [
        { label: 'Prompt', value: (p) => h('a', { href: href(['prompts', p.name]) }, p.name) },
        { label: 'File', value: (p) => h('code', null, p.path) },
        {
          label: 'Working tree',
          numeric: true,
          value: (p) => (p.inWorkingTree ? text(p.version) : 'deleted'),
        },
        ...envColumns,
        {
          label: 'Runs',
          value: (p) =>
            h('a', { href: href(['runs'], { prompt: p.name }), 'aria-label': `Runs of ${p.name}` }, 'runs'),
        },
      ],
      data.prompts,
      { id: 'prompts', empty: 'No prompts in this repository.' },
    ),
  );
}

function pin(p, env) {
  const e = p.environments?.[env];
  if (!e) return '–';
  // A pin is a version number or a commit; show the version when the server could resolve it.
  const label = e.version !== null && e.version !== undefined ? `v${e.version}` : short(String(e.pin));
  return h('a', { href: href(['prompts', p.name], { rev: env }), title: `pin: ${e.pin}` }, label);
}
