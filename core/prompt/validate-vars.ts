import { formatLocation, type Problem } from '../errors.ts';
import { humanPath, locate } from '../schema/index.ts';
import { rowSource } from './dataset.ts';
import type { ParsedPrompt } from './parse.ts';
import { lookupVariable, templateVariables } from './render.ts';
import type { DatasetRow } from './types.ts';

type Template = { path: (string | number)[]; text: string };

/** The texts rendered with row variables: message contents and string evaluators (not llm judge prompts,
 * whose `{{completion}}` etc. are filled by the judge, not by the row). */
function templates(p: ParsedPrompt): Template[] {
  const out: Template[] = p.data.messages.map((m, i) => ({
    path: ['messages', i, 'content'],
    text: m.content,
  }));
  (p.data.evaluators ?? []).forEach((ev, i) => {
    for (const [op, text] of Object.entries(ev.string ?? {})) {
      if (typeof text === 'string') out.push({ path: ['evaluators', i, 'string', op], text });
    }
  });
  return out;
}

function describeRow(row: DatasetRow, index: number): string {
  const where = rowSource(row);
  if (where?.line !== undefined) return `row ${index + 1} (${formatLocation(where)})`;
  return `row ${index + 1}`;
}

/**
 * Every `{{var}}` used in the messages and string evaluators must have a value in every row. One problem per
 * placeholder and template, located at the template in the prompt file, naming the first row that lacks it
 * (dataset file:line when known) and how many rows do.
 */
export function checkTemplateVariables(p: ParsedPrompt, rows: readonly DatasetRow[]): Problem[] {
  const problems: Problem[] = [];
  for (const t of templates(p)) {
    for (const name of templateVariables(t.text)) {
      const lacking: number[] = [];
      rows.forEach((row, i) => {
        const value = lookupVariable(row, name);
        if (value === undefined || value === null) lacking.push(i);
      });
      const first = lacking[0];
      if (first === undefined) continue;
      const row = rows[first] as DatasetRow;
      const others = lacking.length > 1 ? ` and ${lacking.length - 1} more of ${rows.length} rows` : '';
      const available = Object.keys(row);
      problems.push({
        location: locate(p.doc, p.file, t.path),
        message:
          `${humanPath(t.path)}: unknown template variable {{${name}}}: ${describeRow(row, first)}${others} ` +
          `${lacking.length > 1 ? 'have' : 'has'} no "${name}" (available: ${available.length ? available.join(', ') : 'none'})`,
      });
    }
  }
  return problems;
}
