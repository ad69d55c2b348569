/**
 * The forge and remote-branch clients for a proposal target: GitHub (pull request + smart-HTTP push with the
 * token from its variable) or the local forge (a record under .evohub/proposals/). Shared by `propose` and
 * `feedback pull`.
 */
import type { Forge, RemoteBranches } from '../../core/ports/forge.ts';
import type { CliContext } from '../context.ts';
import type { ForgeTarget } from './forge-target.ts';

export async function forgeClients(
  ctx: CliContext,
  root: string,
  target: ForgeTarget,
  resolveBranch: (branch: string) => Promise<string | null>,
  base: string | undefined,
): Promise<{ forge: Forge; branches: RemoteBranches }> {
  if (target.kind === 'github') {
    const [{ createGitHubForge }, { createRemoteBranches }] = await Promise.all([
      import('../../adapters/forge/github-forge.ts'),
      import('../../adapters/git/push.ts'),
    ]);
    return {
      forge: createGitHubForge({
        repo: target.repo,
        token: target.token,
        tokenVariable: target.tokenVariable,
        apiUrl: ctx.env.GITHUB_API_URL,
      }),
      branches: createRemoteBranches({
        dir: root,
        remoteUrl: target.remoteUrl,
        token: target.token,
        tokenVariable: target.tokenVariable,
      }),
    };
  }
  const { createLocalBranches, createLocalForge } = await import('../../adapters/forge/local-forge.ts');
  return {
    forge: createLocalForge({ root, resolveBranch, ...(base ? { defaultBranch: base } : {}) }),
    branches: createLocalBranches(resolveBranch),
  };
}
