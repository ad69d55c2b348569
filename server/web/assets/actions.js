// Write actions (promote, propose, start an evolve): small forms that POST to /api/v1/actions/* with a write
// key. The server records every attempt in the audit log; without a key in this tab the form asks for one.
import { apiKey, post, setApiKey } from './api.js';
import { h, replace } from './dom.js';

/**
 * A form with `fields` (label → input element, ids unique on the page), a submit button and a result line.
 * `run(values)` returns the request: { path, body }; `done(output)` turns the answer into a message (or navigates).
 */
export function actionForm({ id, title, fields, button, run, done }) {
  const result = h('p', { class: 'action-result', id: `${id}-result`, role: 'status' });
  const key = apiKey()
    ? null
    : h('input', { id: `${id}-key`, type: 'password', autocomplete: 'off', size: 24 });
  const form = h(
    'form',
    { class: 'action', id, 'aria-labelledby': `${id}-h` },
    h('h3', { id: `${id}-h` }, title),
    h(
      'div',
      { class: 'inline' },
      fields.map(([label, input]) => [h('label', { for: input.id }, label), input]),
      key ? [h('label', { for: key.id }, 'Write key'), key] : null,
      h('button', { type: 'submit' }, button),
    ),
    result,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (key?.value) setApiKey(key.value.trim());
    const values = Object.fromEntries(
      fields.map(([, input]) => [input.name, input.type === 'checkbox' ? input.checked : input.value.trim()]),
    );
    replace(result, 'Working…');
    result.className = 'action-result';
    try {
      const req = run(values);
      const answer = await post(req.path, req.body);
      replace(result, done(answer.output) ?? 'Done.');
    } catch (err) {
      result.className = 'action-result error';
      result.setAttribute('role', 'alert');
      const hint =
        err.status === 401 || err.status === 403
          ? ' Create one with `evohub serve keys create --scope write`.'
          : '';
      replace(result, `${err.message}.${hint}`);
    }
  });
  return form;
}

export function input(id, name, value = '', attrs = {}) {
  return h('input', { id, name, value, size: 14, ...attrs });
}

export function select(id, name, options, value) {
  const el = h(
    'select',
    { id, name },
    options.map((o) => h('option', { value: o }, o)),
  );
  if (value !== undefined) el.value = value;
  return el;
}
