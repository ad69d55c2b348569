/**
 * For `feedback pull`: each named prompt's JSONL dataset and its rows as committed at the base commit (not the
 * working tree: the branch is made from that commit, and uncommitted edits must not leak into a pull request).
 */
import path from 'node:path';
import type { GitRepository } from '../../adapters/git/isomorphic-git-repository.ts';
import { ValidationError } from '../../core/errors.ts';
import type { PromptTarget } from '../../core/feedback/rows-plan.ts';
import { promptNameFromPath } from '../../core/prompt/name.ts';

export async function feedbackTargets(
  repo: GitRepository,
  base: string,
  names: ReadonlySet<string>,
): Promise<Map<string, PromptTarget>> {
  const { parsePrompt } = await import('../../core/prompt/parse.ts');
  const files = await repo.listPromptFilesAt(base);
  const out = new Map<string, PromptTarget>();
  for (const name of names) {
    const matches = files.filter((f) => promptNameFromPath(f) === name);
    // No such prompt, or an ambiguous name: the plan skips its cases and says so.
    if (matches.length !== 1) continue;
    const file = matches[0] as string;
    const at = await repo.readFileAt(base, file);
    if (!at) continue;
    const testData = parsePrompt(at.text, `${file}@${base.slice(0, 7)}`).data.testData;
    if (typeof testData !== 'string' || !/\.jsonl$/.test(testData)) continue;
    const dataset = path.posix.normalize(path.posix.join(path.posix.dirname(file), testData));
    if (dataset.startsWith('../')) continue;
    const text = (await repo.readFileAt(base, dataset))?.text ?? '';
    out.set(name, { prompt: name, dataset, existing: parseRows(text, dataset) });
  }
  return out;
}

function parseRows(text: string, file: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      const row = JSON.parse(line);
      if (typeof row === 'object' && row !== null && !Array.isArray(row)) rows.push(row);
      else throw new Error('a row must be a JSON object');
    } catch (e) {
      throw new ValidationError([{ location: { file, line: i + 1 }, message: (e as Error).message }]);
    }
  }
  return rows;
}

/** The dataset file with `rows` appended (the existing text kept byte for byte). */
export function appendRows(text: string, rows: readonly Record<string, unknown>[]): string {
  const head = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${head}${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
}
