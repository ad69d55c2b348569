import { formatLocation, type SourceLocation, TemplateError } from '../../core/errors.ts';
import { rowSource } from '../../core/prompt/dataset.ts';
import { templateVariables } from '../../core/prompt/render.ts';
import type { DatasetRow, PromptFile } from '../../core/prompt/types.ts';

function has(row: DatasetRow, name: string): boolean {
  if (Object.hasOwn(row, name)) return row[name] !== undefined && row[name] !== null;
  let cur: unknown = row;
  for (const part of name.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return false;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur !== undefined && cur !== null;
}

/**
 * Every `{{var}}` of every message must have a value in every row that will be evaluated; the error names the
 * message (file:line:col) and the row (dataset file:line when known), before any call is made.
 */
export function checkRowsCoverMessages(
  prompt: PromptFile,
  rows: readonly DatasetRow[],
  locate: (path: readonly (string | number)[]) => SourceLocation,
): void {
  prompt.messages.forEach((m, i) => {
    const vars = templateVariables(m.content);
    rows.forEach((row, r) => {
      const missing = vars.find((v) => !has(row, v));
      if (missing === undefined) return;
      const src = rowSource(row);
      const where = src ? formatLocation(src) : `row ${r + 1}`;
      throw new TemplateError(`{{${missing}}} has no value in dataset ${where}`, {
        location: locate(['messages', i, 'content']),
        hint: `that row has: ${Object.keys(row).join(', ') || 'no fields'}`,
      });
    });
  });
}
