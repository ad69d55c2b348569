/** The difference between two prompt files as data (per message, per model parameter, per other field). */

import { type DiffLine, diffLines, formatLineDiff } from './line-diff.ts';
import type { Message, PromptFile } from './types.ts';

export type FieldChange = { field: string; before: unknown; after: unknown };

export type MessageChange = {
  index: number;
  change: 'added' | 'removed' | 'changed';
  roleBefore: string | null;
  roleAfter: string | null;
  /** Line diff of the content (all lines, `op` ' ' for unchanged). */
  lines: DiffLine[];
};

export type PromptDiff = { fields: FieldChange[]; messages: MessageChange[] };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function diffPrompts(a: PromptFile, b: PromptFile): PromptDiff {
  const fields: FieldChange[] = [];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('messages');
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of keys) {
    if (key === 'modelParameters') {
      const pa = (a.modelParameters ?? {}) as Record<string, unknown>;
      const pb = (b.modelParameters ?? {}) as Record<string, unknown>;
      for (const p of new Set([...Object.keys(pa), ...Object.keys(pb)])) {
        if (!same(pa[p], pb[p])) fields.push({ field: `modelParameters.${p}`, before: pa[p], after: pb[p] });
      }
    } else if (!same(ra[key], rb[key])) {
      fields.push({ field: key, before: ra[key], after: rb[key] });
    }
  }
  const messages: MessageChange[] = [];
  const ma: Message[] = a.messages ?? [];
  const mb: Message[] = b.messages ?? [];
  for (let i = 0; i < Math.max(ma.length, mb.length); i++) {
    const x = ma[i];
    const y = mb[i];
    if (x && y && x.role === y.role && x.content === y.content) continue;
    messages.push({
      index: i,
      change: !x ? 'added' : !y ? 'removed' : 'changed',
      roleBefore: x?.role ?? null,
      roleAfter: y?.role ?? null,
      lines: !x
        ? (y as Message).content.split('\n').map((text) => ({ op: '+' as const, text }))
        : !y
          ? x.content.split('\n').map((text) => ({ op: '-' as const, text }))
          : diffLines(x.content, y.content),
    });
  }
  return { fields, messages };
}

function show(v: unknown): string {
  if (v === undefined) return '(unset)';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The readable form: one line per changed field, then each changed message with its line diff. */
export function formatPromptDiff(d: PromptDiff, labelA: string, labelB: string): string {
  const out = [`--- ${labelA}`, `+++ ${labelB}`];
  if (d.fields.length === 0 && d.messages.length === 0) return `${out.join('\n')}\n(no differences)\n`;
  for (const f of d.fields) out.push(`${f.field}: ${show(f.before)} → ${show(f.after)}`);
  for (const m of d.messages) {
    const role =
      m.roleBefore && m.roleAfter && m.roleBefore !== m.roleAfter
        ? `role ${m.roleBefore} → ${m.roleAfter}`
        : (m.roleAfter ?? m.roleBefore);
    out.push(`messages[${m.index}] (${role}): ${m.change}`);
    if (m.lines.some((l) => l.op !== ' ')) out.push(...formatLineDiff(m.lines));
  }
  return `${out.join('\n')}\n`;
}
