/**
 * Whether `evolve` starts from the prompt as committed. Evolving uncommitted edits is allowed, but the winner's
 * branch starts at HEAD, so its diff also carries those edits: the user is warned and the run records it.
 */
import type { CliContext } from '../context.ts';

export type SourceState = 'committed' | 'modified' | 'untracked';

export async function sourceState(
  repo: { readFileAt(commit: string, path: string): Promise<{ text: string } | null> } | undefined,
  baseCommit: string | null,
  relPath: string,
  text: string,
): Promise<SourceState | undefined> {
  if (!repo || !baseCommit) return undefined;
  const committed = await repo.readFileAt(baseCommit, relPath);
  if (!committed) return 'untracked';
  return committed.text === text ? 'committed' : 'modified';
}

export function warnIfDirty(ctx: CliContext, state: SourceState | undefined, relPath: string): void {
  if (state === 'modified' || state === 'untracked')
    ctx.stderr.write(
      `warning: evolving ${relPath} from ${state === 'modified' ? 'uncommitted edits' : 'a file not committed at HEAD'}; the run records this, and the winner's branch will carry those edits too (commit them first to keep the proposal to the evolved change)\n`,
    );
}
