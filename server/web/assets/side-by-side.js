// A side-by-side view of two texts from the `diff` package's line diff: unchanged lines on both sides, a
// removed block paired line by line with the added block that follows it, words marked within paired lines.
import { h } from './dom.js';

/** Rows { left: {n, text} | null, right: {n, text} | null, kind: 'same' | 'changed' | 'removed' | 'added' }. */
export function alignRows(Diff, before, after) {
  const rows = [];
  let ln = 1;
  let rn = 1;
  const parts = Diff.diffLines(before, after);
  const lines = (p) => p.value.replace(/\n$/, '').split('\n');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (!p.added && !p.removed) {
      for (const t of lines(p))
        rows.push({ left: { n: ln++, text: t }, right: { n: rn++, text: t }, kind: 'same' });
    } else if (p.removed) {
      const next = parts[i + 1];
      const del = lines(p);
      const add = next?.added ? lines(next) : [];
      if (next?.added) i++;
      for (let k = 0; k < Math.max(del.length, add.length); k++) {
        const l = k < del.length ? { n: ln++, text: del[k] } : null;
        const r = k < add.length ? { n: rn++, text: add[k] } : null;
        rows.push({ left: l, right: r, kind: l && r ? 'changed' : l ? 'removed' : 'added' });
      }
    } else {
      for (const t of lines(p)) rows.push({ left: null, right: { n: rn++, text: t }, kind: 'added' });
    }
  }
  return rows;
}

function cell(Diff, side, row) {
  const line = row[side];
  if (!line) return [h('td', { class: 'ln' }), h('td', { class: 'code empty' })];
  let content = line.text;
  if (row.kind === 'changed') {
    const words = Diff.diffWordsWithSpace(row.left.text, row.right.text);
    content = words
      .filter((w) => (side === 'left' ? !w.added : !w.removed))
      .map((w) => (w.added || w.removed ? h(side === 'left' ? 'del' : 'ins', null, w.value) : w.value));
  }
  const cls = row.kind === 'same' ? '' : side === 'left' ? 'del-line' : 'ins-line';
  return [h('td', { class: 'ln' }, String(line.n)), h('td', { class: `code ${cls}`.trim() }, content)];
}

/** The table: line numbers and text of `a` on the left, of `b` on the right. */
export function sideBySide(Diff, a, b) {
  const rows = alignRows(Diff, a.text, b.text);
  const changed = rows.filter((r) => r.kind !== 'same').length;
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'diff', id: 'side-by-side' },
      h('caption', null, `${a.label} (left) and ${b.label} (right): ${changed} changed lines`),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col', class: 'ln' }, h('span', { class: 'visually-hidden' }, 'Line'), '#'),
          h('th', { scope: 'col' }, a.label),
          h('th', { scope: 'col', class: 'ln' }, h('span', { class: 'visually-hidden' }, 'Line'), '#'),
          h('th', { scope: 'col' }, b.label),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) => h('tr', { class: r.kind }, cell(Diff, 'left', r), cell(Diff, 'right', r))),
      ),
    ),
  );
}
