import { cpSync } from 'node:fs';
import { cli } from '../git-http/cli.ts';
import { type GitHttpServer, startGitHttpServer } from '../git-http/server.ts';
import { loadGitHubContract } from '../github/openapi.ts';
import { type GitHubServer, type GitHubServerOptions, startGitHubServer } from '../github/server.ts';

/** The repository every forge test publishes to. */
export const FORGE_REPO = { owner: 'acme', repo: 'prompts' } as const;

export type ForgeRemotes = {
  /** The smart-HTTP git remote. */
  remote: GitHttpServer;
  /** The contract-checked local GitHub server for `acme/prompts`, which sees the remote's branches. */
  github: GitHubServer;
  close(): Promise<void>;
};

/**
 * A smart-HTTP git remote and the local GitHub server in front of it, both accepting only `token`. The GitHub
 * server refuses pull requests from branches the remote does not have, as GitHub does.
 */
export async function startForgeRemotes(options: {
  token: string;
  /** Path of the remote repository (`<url>/<name>.git`). */
  name?: string;
  /** Overrides for the GitHub server (a preloaded `contract`, `canPush`, ...). */
  github?: GitHubServerOptions;
}): Promise<ForgeRemotes> {
  const remote = await startGitHttpServer({
    token: options.token,
    ...(options.name === undefined ? {} : { name: options.name }),
  });
  const github = await startGitHubServer({
    token: options.token,
    ...FORGE_REPO,
    contract: options.github?.contract ?? loadGitHubContract(),
    branchExists: (b) => remote.branchTip(b) !== null,
    ...options.github,
  });
  return {
    remote,
    github,
    async close() {
      await remote.close();
      await github.close();
    },
  };
}

/** Copies a template folder to `dir` and commits it as `template` on a fresh `main` (git CLI, async). */
export async function commitTemplate(templateDir: string, dir: string): Promise<void> {
  cpSync(templateDir, dir, { recursive: true });
  await cli(dir, 'init', '-q', '-b', 'main');
  await cli(dir, 'add', '-A');
  await cli(dir, 'commit', '-q', '-m', 'template');
}
