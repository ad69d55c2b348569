/** Opens the repository around the CLI's cwd and wires the revision resolver to it. */
import { homedir } from 'node:os';
import path from 'node:path';
import { type GitRepository, openGitRepository } from '../../adapters/git/isomorphic-git-repository.ts';
import { readTextOrNull, workingTree } from '../../adapters/git/working-tree.ts';
import type { Signature } from '../../core/ports/prompt-repository.ts';
import { promptNameFromPath } from '../../core/prompt/name.ts';
import type { ResolveDeps } from '../../core/revision.ts';
import type { CliContext } from '../context.ts';

/** `[user] name/email` from ~/.gitconfig (isomorphic-git reads only the repository's own config). */
async function globalGitUser(env: CliContext['env']): Promise<Signature | undefined> {
  const home = env.HOME ?? homedir();
  const text = await readTextOrNull(path.join(home, '.gitconfig'));
  if (!text) return undefined;
  let inUser = false;
  const found: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) inUser = /^\[user\]$/i.test(line);
    else if (inUser) {
      const m = /^(name|email)\s*=\s*(.*)$/i.exec(line);
      if (m) found[(m[1] as string).toLowerCase()] = (m[2] as string).replace(/^"(.*)"$/, '$1');
    }
  }
  return found.name && found.email ? { name: found.name, email: found.email } : undefined;
}

/** Author for evohub's commits: GIT_AUTHOR_NAME/EMAIL, else the repository's config, else ~/.gitconfig. */
export async function cliAuthor(
  ctx: CliContext,
): Promise<{ author?: Signature; fallbackAuthor?: Signature }> {
  const name = ctx.env.GIT_AUTHOR_NAME;
  const email = ctx.env.GIT_AUTHOR_EMAIL;
  if (name && email) return { author: { name, email } };
  return { fallbackAuthor: await globalGitUser(ctx.env) };
}

export async function openCliRepository(
  ctx: CliContext,
): Promise<{ repo: GitRepository; deps: ResolveDeps }> {
  const repo = await openGitRepository(ctx.cwd, await cliAuthor(ctx));
  return { repo, deps: { repo, worktree: workingTree(repo.root), promptNameFromPath } };
}
