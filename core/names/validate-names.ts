/**
 * Name checks that must pass before a run spends anything: a run id or prompt name that git later refuses as a
 * branch name would otherwise fail only after the whole evolution was paid for.
 */
import { UsageError } from '../errors.ts';

/** Why git's check-ref-format would refuse `ref`, or undefined when it accepts it (git-check-ref-format(1)). */
export function refFormatProblem(ref: string): string | undefined {
  if (ref === '' || ref === '@') return 'is empty or "@"';
  if (ref.startsWith('/') || ref.endsWith('/')) return 'starts or ends with "/"';
  if (ref.includes('//')) return 'contains "//"';
  if (ref.includes('..')) return 'contains ".."';
  if (ref.includes('@{')) return 'contains "@{"';
  if (ref.endsWith('.')) return 'ends with "."';
  // Control characters, space and the characters git reserves for revision syntax and globs.
  const bad = [...ref].find(
    (c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || ' ~^:?*[\\'.includes(c),
  );
  if (bad !== undefined) return `contains ${JSON.stringify(bad)}`;
  for (const part of ref.split('/')) {
    if (part.startsWith('.')) return `has a component starting with "." (${part})`;
    if (part.endsWith('.lock')) return `has a component ending in ".lock" (${part})`;
  }
  return undefined;
}

/** Run ids name a branch, Redis keys and files: a safe alphabet only. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** Checks a run id given with `flag`: its alphabet, and that it can end a branch name. */
export function checkRunId(runId: string, flag: string): void {
  if (!RUN_ID.test(runId))
    throw new UsageError(`${flag} may hold letters, digits, "_", "." and "-" (at most 100), got "${runId}"`);
  const problem = refFormatProblem(`evohub/x/${runId}`);
  if (problem) throw new UsageError(`${flag} "${runId}" cannot name a git branch: it ${problem}`);
}

/** Checks the branch a run will commit its winner to, naming where its parts came from. */
export function checkBranchName(branch: string, from: string): void {
  const problem = refFormatProblem(branch);
  if (problem)
    throw new UsageError(
      `the branch "${branch}" (from ${from}) is not a valid git branch name: it ${problem}`,
      {
        hint: 'rename the prompt file or choose another --run-id',
      },
    );
}
