// The audit log: every write action (promote, propose, start an evolve) with who, what, when and the result.
import { get } from '../api.js';
import { add, badge, h, table, when } from '../dom.js';

export async function render(ctx) {
  ctx.title('Audit log');
  const data = await get('/audit', null, ctx.signal);
  add(
    ctx.main,
    h('h1', null, 'Audit log'),
    h(
      'p',
      { class: 'muted' },
      'Write actions taken through this server, newest first. The log is append-only.',
    ),
    table(
      `${data.entries.length} entries`,
      [
        { label: 'When', value: (e) => when(e.at) },
        { label: 'Who', value: (e) => h('code', null, e.who) },
        { label: 'Action', value: (e) => e.action },
        { label: 'Target', value: (e) => e.target },
        { label: 'Result', value: (e) => (e.result === 'ok' ? badge('ok', 'ok') : badge('error', 'bad')) },
        { label: 'Detail', value: (e) => h('span', { class: 'clip' }, e.detail ?? '') },
      ],
      data.entries,
      { id: 'audit', empty: 'No write actions yet.' },
    ),
  );
}
