/**
 * Pushing a branch over smart HTTP with isomorphic-git and token auth. The token travels only in the
 * Authorization header (onAuth gives `x-access-token` and the token, as GitHub expects); it is never written to
 * .git/config (we push to a URL, not a configured remote) and never appears in an error: messages are built
 * here from the URL with any user info removed, and the library's error is not chained.
 */
import * as fs from 'node:fs';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { ConflictError, GitError, UsageError } from '../../core/errors.ts';
import type { RemoteBranches } from '../../core/ports/forge.ts';
import { redactUrl } from '../../core/redact-url.ts';

export type RemoteOptions = {
  /** https URL of the remote repository, without credentials. */
  remoteUrl: string;
  /** Token for Basic auth (`x-access-token:<token>`); none for an anonymous remote. */
  token?: string;
  /** Variable the token came from, named in messages (default GITHUB_TOKEN). */
  tokenVariable?: string;
};

export type PushBranchOptions = RemoteOptions & {
  /** Working tree (or bare gitdir's parent) of the local repository. */
  dir: string;
  /** Local branch to push; the remote branch of the same name is created or moved. */
  branch: string;
  /** Overwrite the remote branch even when the push is not a fast-forward. */
  force?: boolean;
};

export type PushResult = {
  branch: string;
  oid: string;
  /** Remote tip before the push; null when the push created the branch. */
  previous: string | null;
  /** False when the remote already had exactly this commit (running again is a no-op). */
  updated: boolean;
};

const ZERO = '0000000000000000000000000000000000000000';

function checkUrl(remoteUrl: string): void {
  let u: URL;
  try {
    u = new URL(remoteUrl);
  } catch {
    throw new UsageError(`invalid remote URL: ${redactUrl(remoteUrl)}`, { hint: 'give an http(s) URL' });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new UsageError(`remote URL must be http(s), got ${u.protocol}`, {
      hint: 'pushes go over smart HTTP',
    });
  }
  if (u.username || u.password) {
    throw new UsageError(`remote URL ${redactUrl(remoteUrl)} carries credentials`, {
      hint: 'remove them from the URL and pass the token through its variable (GITHUB_TOKEN)',
    });
  }
}

function authOf(o: RemoteOptions) {
  const token = o.token;
  if (!token) return {};
  return {
    onAuth: () => ({ username: 'x-access-token', password: token }),
    // A rejected token is final: do not let the library retry it.
    onAuthFailure: () => ({ cancel: true }),
  };
}

type GitLibError = { code?: string; data?: { statusCode?: number; reason?: string; result?: unknown } };

function wrap(error: unknown, action: string, o: RemoteOptions, branch: string): Error {
  const e = (error ?? {}) as GitLibError;
  const where = redactUrl(o.remoteUrl);
  const variable = o.tokenVariable ?? 'GITHUB_TOKEN';
  if (e.code === 'PushRejectedError' && e.data?.reason === 'not-fast-forward') {
    return new ConflictError(
      `push of ${branch} to ${where} rejected: the remote branch has commits yours lacks`,
      {
        hint: `the remote ${branch} moved since it was made; propose again from a fresh run, or pass --force to overwrite it`,
      },
    );
  }
  if (e.code === 'GitPushError') {
    return new ConflictError(`the remote ${where} refused the push of ${branch}`, {
      hint: 'a branch protection rule or a hook refused it; check the remote',
    });
  }
  if (e.code === 'UserCanceledError' || (e.code === 'HttpError' && e.data?.statusCode === 401)) {
    return new GitError(`${action} ${where} failed: authentication refused (401)`, {
      hint: o.token ? `the token in ${variable} was rejected` : `set ${variable} to a token that can push`,
    });
  }
  if (e.code === 'HttpError' && e.data?.statusCode === 403) {
    return new GitError(`${action} ${where} failed: permission denied (403)`, {
      hint: `grant the token in ${variable} contents: write`,
    });
  }
  if (e.code === 'HttpError') {
    return new GitError(`${action} ${where} failed: HTTP ${e.data?.statusCode ?? '?'}`, {
      hint: 'running again is safe',
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  const safe = o.token ? message.split(o.token).join('***') : message;
  return new GitError(`${action} ${where} failed: ${safe}`, {
    hint: 'the connection failed; a push is applied whole or not at all, so running again is safe',
  });
}

/** Tip of `branch` on the remote; null when the remote has no such branch. */
export async function remoteBranchTip(o: RemoteOptions & { branch: string }): Promise<string | null> {
  checkUrl(o.remoteUrl);
  const ref = `refs/heads/${o.branch}`;
  try {
    const refs = await git.listServerRefs({ http, url: o.remoteUrl, prefix: ref, ...authOf(o) });
    return refs.find((r) => r.ref === ref)?.oid ?? null;
  } catch (error) {
    throw wrap(error, 'reading', o, o.branch);
  }
}

/**
 * Pushes local `branch` to the remote branch of the same name. A non-fast-forward push is refused with a
 * ConflictError unless `force`; pushing a commit the remote already has is a no-op, so running again after a
 * dropped connection completes the push.
 */
export async function pushBranch(o: PushBranchOptions): Promise<PushResult> {
  checkUrl(o.remoteUrl);
  let oid: string;
  try {
    oid = await git.resolveRef({ fs, dir: o.dir, ref: `refs/heads/${o.branch}` });
  } catch {
    throw new GitError(`no local branch ${o.branch} in ${o.dir}`, {
      hint: 'the run has not written its branch yet',
    });
  }
  const previous = await remoteBranchTip(o);
  if (previous === oid) return { branch: o.branch, oid, previous, updated: false };
  await updateRemoteBranch(o, { force: o.force === true }, 'pushing to', 'push refused');
  return { branch: o.branch, oid, previous: previous === ZERO ? null : previous, updated: true };
}

/** Deletes `branch` on the remote (to undo a push whose pull request could not be opened). */
export async function deleteRemoteBranch(o: RemoteOptions & { dir: string; branch: string }): Promise<void> {
  checkUrl(o.remoteUrl);
  await updateRemoteBranch(o, { delete: true }, 'deleting a branch on', 'delete refused');
}

/** Moves or deletes the remote `branch` (one smart-HTTP push); a refusal by the remote becomes a GitPushError. */
async function updateRemoteBranch(
  o: RemoteOptions & { dir: string; branch: string },
  update: { force: boolean } | { delete: true },
  action: string,
  refused: string,
): Promise<void> {
  try {
    const r = await git.push({
      fs,
      http,
      dir: o.dir,
      url: o.remoteUrl,
      ref: `refs/heads/${o.branch}`,
      remoteRef: `refs/heads/${o.branch}`,
      ...update,
      ...authOf(o),
    });
    if (!r.ok) throw Object.assign(new Error(r.error ?? refused), { code: 'GitPushError' });
  } catch (error) {
    throw wrap(error, action, o, o.branch);
  }
}

/** The RemoteBranches port (core/ports/forge.ts) over one local repository and one remote. */
export function createRemoteBranches(o: RemoteOptions & { dir: string }): RemoteBranches {
  return {
    remoteTip: (branch) => remoteBranchTip({ ...o, branch }),
    push: async (branch, opts) => {
      await pushBranch({ ...o, branch, ...(opts?.force ? { force: true } : {}) });
    },
    deleteRemoteBranch: (branch) => deleteRemoteBranch({ ...o, branch }),
  };
}
