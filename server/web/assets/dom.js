// DOM helpers: elements are built from data with textContent only (never innerHTML), so stored prompts,
// outputs and names cannot inject markup.

/**
 * h('a', { href: '#/x', class: 'btn' }, 'text', child) builds an element. Attributes named on* take a
 * function (an event listener); `false`, null and undefined attributes are skipped; children may be strings,
 * numbers, nodes, arrays or null.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Appends children as h() takes them (arrays flattened, null skipped): DOM append would print "null". */
export function add(el, ...children) {
  append(el, children);
  return el;
}

/** Replaces an element's content. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A data table: columns are { label, value(row) → string|Node, numeric? }. Header cells have scope=col; the
 * caption names the table for screen readers.
 */
export function table(caption, columns, rows, opts = {}) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: opts.class ?? null, id: opts.id ?? null },
      h('caption', { class: opts.hideCaption ? 'visually-hidden' : null }, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.length === 0
          ? h('tr', null, h('td', { colspan: columns.length, class: 'muted' }, opts.empty ?? 'Nothing yet.'))
          : rows.map((r) =>
              h(
                'tr',
                opts.rowAttrs ? opts.rowAttrs(r) : null,
                columns.map((c) => h('td', { class: c.numeric ? 'num' : null }, c.value(r))),
              ),
            ),
      ),
    ),
  );
}

/** A definition list from [term, value] pairs (values may be nodes). */
export function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
  );
}

export function link(href, text, attrs = {}) {
  return h('a', { href, ...attrs }, text);
}

/** Numbers for people: 3 significant digits for small values, thousands separators for counts. */
export function num(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (typeof x !== 'number') return String(x);
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  if (x !== 0 && Math.abs(x) < 0.001) return x.toExponential(2);
  return x.toFixed(digits);
}

export function usd(x) {
  if (x === null || x === undefined) return '–';
  return `$${x < 0.01 ? x.toFixed(6) : x.toFixed(4)}`;
}

export function ms(x) {
  return x === null || x === undefined ? '–' : `${Math.round(x).toLocaleString('en-US')} ms`;
}

export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : `${d.toISOString().replace('T', ' ').slice(0, 19)}Z`;
}

/** Seconds as "1 h 2 min", "3 min 4 s" or "5 s". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${s} s`;
}

export function short(hash) {
  return typeof hash === 'string' ? hash.slice(0, 12) : '–';
}

/** Stringifies any value for a table cell: objects as compact JSON. */
export function text(v) {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return num(v);
  return JSON.stringify(v);
}

export function badge(label, kind) {
  return h('span', { class: `badge ${kind ?? ''}`.trim() }, label);
}

/** For the few strings that go into HTML a library renders (chart tooltips). */
export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "metric 0.5, cost 3.2e-5" from a { metric: value } map. */
export function metricList(values) {
  const e = Object.entries(values ?? {});
  return e.length === 0 ? '–' : e.map(([k, v]) => `${k} ${num(v)}`).join(', ');
}
