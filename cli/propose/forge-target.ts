/**
 * Where a proposal goes: GitHub (a repository, a push URL and a token) or the local forge (a record under
 * `.evohub/proposals/`). Decided from the flags, then the runner's variables (GITHUB_REPOSITORY,
 * GITHUB_SERVER_URL), then the checkout's `origin` remote. Pure apart from reading `origin`.
 */
import * as fs from 'node:fs';
import git from 'isomorphic-git';
import { UsageError } from '../../core/errors.ts';
import type { RepoRef } from '../../core/ports/forge.ts';
import { urlWithoutCredentials } from '../../core/redact-url.ts';
import { repoFromEnv } from '../shared/github-env.ts';

type Env = Readonly<Record<string, string | undefined>>;

export type ForgeTarget =
  | { kind: 'local' }
  | { kind: 'github'; repo: RepoRef; remoteUrl: string; token: string | undefined; tokenVariable: string };

export type TargetFlags = { repo?: string; remote?: string; forge?: string; tokenEnv?: string };

export const FORGE_KINDS = {
  github: 'GitHub (or GitHub Enterprise via GITHUB_API_URL): push over HTTPS, open or update a pull request',
  local: 'no server: the branch stays local and the proposal is a record under .evohub/proposals/',
} as const;

/** `owner/name` from a GitHub-style URL (https or scp-like ssh), or null. */
export function repoFromUrl(url: string): RepoRef | null {
  const m = /^(?:[a-z+]+:\/\/(?:[^@/]+@)?[^/]+\/|[^@\s]+@[^:\s]+:)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
    url,
  );
  return m ? { owner: m[1] as string, repo: m[2] as string } : null;
}

export async function originUrl(dir: string): Promise<string | null> {
  try {
    const v = await git.getConfig({ fs, dir, path: 'remote.origin.url' });
    return typeof v === 'string' && v ? v : null;
  } catch {
    // No readable origin URL: the caller asks for --repo instead.
    return null;
  }
}

export function resolveForgeTarget(flags: TargetFlags, env: Env, origin: string | null): ForgeTarget {
  const tokenVariable = flags.tokenEnv ?? 'GITHUB_TOKEN';
  const token = env[tokenVariable] || undefined;
  if (flags.forge !== undefined && !(flags.forge in FORGE_KINDS)) {
    throw new UsageError(`unknown forge "${flags.forge}"`, {
      hint: `known: ${Object.entries(FORGE_KINDS)
        .map(([k, d]) => `${k} (${d})`)
        .join('; ')}`,
    });
  }
  // A token embedded in a remote URL is never reused: the push takes the token from its variable.
  const httpOrigin = origin && /^https?:\/\//.test(origin) ? (urlWithoutCredentials(origin) ?? origin) : null;
  const repo =
    flags.repo || env.GITHUB_REPOSITORY
      ? repoFromEnv(env, flags.repo)
      : ((flags.remote ? repoFromUrl(flags.remote) : null) ?? (origin ? repoFromUrl(origin) : null));
  // Without a token there is nobody to open a pull request as: the embedded default, unless asked otherwise.
  const kind =
    flags.forge ??
    (token && repo && (flags.remote || httpOrigin || env.GITHUB_REPOSITORY) ? 'github' : 'local');
  if (kind === 'local') return { kind: 'local' };
  if (!repo) {
    throw new UsageError('no repository to open the pull request on', {
      hint: 'pass --repo owner/name (GITHUB_REPOSITORY is set in GitHub Actions)',
    });
  }
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const remoteUrl =
    flags.remote ??
    (httpOrigin && sameRepo(repoFromUrl(httpOrigin), repo)
      ? httpOrigin
      : `${server}/${repo.owner}/${repo.repo}.git`);
  return { kind: 'github', repo, remoteUrl, token, tokenVariable };
}

function sameRepo(a: RepoRef | null, b: RepoRef): boolean {
  return (
    a !== null &&
    a.owner.toLowerCase() === b.owner.toLowerCase() &&
    a.repo.toLowerCase() === b.repo.toLowerCase()
  );
}
