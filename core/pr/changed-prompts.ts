/**
 * Which prompt files a pull request changes: compares the prompt files at the base and head commits through
 * the git port (blob ids, so a touched-but-identical file does not count). Optional globs narrow the set.
 */
import path from 'node:path';
import type { PromptRepository } from '../ports/prompt-repository.ts';

export type ChangedPrompt = { path: string; change: 'modified' | 'added' | 'deleted' };

export async function changedPromptFiles(
  repo: Pick<PromptRepository, 'listPromptFilesAt' | 'readFileAt'>,
  base: string,
  head: string,
  globs: readonly string[] = [],
): Promise<ChangedPrompt[]> {
  const [before, after] = await Promise.all([repo.listPromptFilesAt(base), repo.listPromptFilesAt(head)]);
  const wanted = (p: string) => globs.length === 0 || globs.some((g) => path.posix.matchesGlob(p, g));
  const out: ChangedPrompt[] = [];
  const inBase = new Set(before);
  for (const p of after) {
    if (!wanted(p)) continue;
    if (!inBase.has(p)) {
      out.push({ path: p, change: 'added' });
      continue;
    }
    const [a, b] = await Promise.all([repo.readFileAt(base, p), repo.readFileAt(head, p)]);
    if (a?.blob !== b?.blob) out.push({ path: p, change: 'modified' });
  }
  const inHead = new Set(after);
  for (const p of before) if (!inHead.has(p) && wanted(p)) out.push({ path: p, change: 'deleted' });
  return out.sort((x, y) => x.path.localeCompare(y.path));
}
