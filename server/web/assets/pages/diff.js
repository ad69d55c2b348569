// Two revisions of a prompt side by side (`name@a` and `name@b` as in `evohub diff`), with the changed fields
// and messages listed above the full text.
import { get } from '../api.js';
import { add, h, table, text } from '../dom.js';
import { href } from '../routes.js';
import { sideBySide } from '../side-by-side.js';
import { loadDiff } from '../vendor.js';

export async function render(ctx) {
  const name = ctx.params.name;
  const a = ctx.query.get('a') ?? '';
  const b = ctx.query.get('b') ?? '';
  const label = (rev) => (rev ? `${name}@${rev}` : `${name} (working tree)`);
  ctx.title(`Diff ${label(a)} ↔ ${label(b)}`);
  const [diff, Diff] = await Promise.all([
    get(`/prompts/${encodeURIComponent(name)}/diff`, { a, b }, ctx.signal),
    loadDiff(),
  ]);
  const messageRows = diff.messages.map((m) => ({
    ...m,
    added: m.lines.filter((l) => l.op === '+').length,
    removed: m.lines.filter((l) => l.op === '-').length,
  }));
  add(
    ctx.main,
    h('h1', null, 'Diff ', h('code', null, diff.a.spec), ' ↔ ', h('code', null, diff.b.spec)),
    h('p', null, h('a', { href: href(['prompts', name]) }, `Back to ${name}`)),
    diff.fields.length === 0 && diff.messages.length === 0
      ? h('p', { class: 'notice', role: 'status' }, 'No differences.')
      : null,
    diff.fields.length > 0
      ? table(
          'Changed fields',
          [
            { label: 'Field', value: (f) => h('code', null, f.field) },
            { label: 'Before', value: (f) => text(f.before) },
            { label: 'After', value: (f) => text(f.after) },
          ],
          diff.fields,
        )
      : null,
    diff.messages.length > 0
      ? table(
          'Changed messages',
          [
            { label: 'Message', numeric: true, value: (m) => String(m.index + 1) },
            { label: 'Change', value: (m) => m.change },
            {
              label: 'Role',
              value: (m) =>
                m.roleBefore === m.roleAfter
                  ? m.roleBefore
                  : `${m.roleBefore ?? '–'} → ${m.roleAfter ?? '–'}`,
            },
            { label: 'Lines removed', numeric: true, value: (m) => String(m.removed) },
            { label: 'Lines added', numeric: true, value: (m) => String(m.added) },
          ],
          messageRows,
        )
      : null,
    h('h2', null, 'Side by side'),
    sideBySide(Diff, { label: diff.a.spec, text: diff.a.text }, { label: diff.b.spec, text: diff.b.text }),
  );
}
