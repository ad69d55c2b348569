/**
 * For `feedback pull`: each named prompt's JSONL dataset and its rows as committed at the base commit (not the
 * working tree: the branch is made from that commit, and uncommitted edits must not leak into a pull request).
 */
import * as fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
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
    // The new rows are committed at this path: never outside the repository, never through a link.
    const outside = dataset.startsWith('../') || path.posix.isAbsolute(testData);
    const link = outside ? null : await repo.symlinkOnPathAt(base, dataset);
    if (outside || link) {
      throw new ValidationError([
        {
          location: { file, field: '/testData' },
          message: outside
            ? `dataset ${testData} is outside the repository: feedback pull writes only inside it`
            : `dataset ${dataset} ${link === dataset ? 'is a symbolic link' : `goes through the symbolic link ${link}`}: feedback pull writes only regular files in the repository`,
        },
      ]);
    }
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

/**
 * Case ids on feedback branches (`<prefix>/…`, local or origin's) that the base does not contain yet: pull
 * requests waiting for review. A branch that is not deleted after its pull request was closed keeps its cases
 * out of later pulls too, which is what a reviewer who rejected them wants; deleting the branch frees them.
 */
export async function proposedCaseIds(
  repo: GitRepository,
  prefix: string,
  datasets: readonly string[],
): Promise<Map<string, string>> {
  const h = { fs, dir: repo.root };
  const refs = [
    ...(await git.listBranches(h)).map((b) => [b, `refs/heads/${b}`]),
    ...(await git.listBranches({ ...h, remote: 'origin' }).catch(() => [] as string[])).map((b) => [
      b,
      `refs/remotes/origin/${b}`,
    ]),
  ].filter(([b]) => b?.startsWith(`${prefix}/`));
  const out = new Map<string, string>();
  for (const [branch, ref] of refs) {
    const tip = await repo.resolveCommit(ref as string);
    if (!tip) continue;
    for (const dataset of datasets) {
      const at = await repo.readFileAt(tip, dataset);
      if (!at) continue;
      for (const line of at.text.split('\n')) {
        const id = caseIdOf(line);
        if (id !== undefined && !out.has(id)) out.set(id, branch as string);
      }
    }
  }
  return out;
}

/** The `feedback.case` of a dataset line; a line that does not parse is the base's problem, reported there. */
function caseIdOf(line: string): string | undefined {
  if (!line.includes('"feedback"')) return undefined;
  try {
    const id = (JSON.parse(line) as { feedback?: { case?: unknown } }).feedback?.case;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The dataset file with `rows` appended (the existing text kept byte for byte). */
export function appendRows(text: string, rows: readonly Record<string, unknown>[]): string {
  const head = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${head}${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
}
