import { ForgeError } from '../../core/errors.ts';
import type { Redactor } from '../../core/redact.ts';

/**
 * What an error message may say about the token: its variable's name, never its value. `redact` scrubs the
 * token (and anything secret-shaped) from what GitHub said, since a server may echo the request.
 */
export type TokenContext = { tokenVariable: string; apiUrl: string; redact: Redactor };

type OctokitLikeError = {
  status?: number;
  message?: string;
  response?: { data?: unknown; headers?: Record<string, string | undefined> };
};

function apiMessage(e: OctokitLikeError): string {
  const data = e.response?.data;
  if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string') {
    const errors = 'errors' in data && Array.isArray(data.errors) ? data.errors : [];
    const details = errors
      .map((x: unknown) => (x && typeof x === 'object' && 'message' in x ? String(x.message) : ''))
      .filter(Boolean);
    return details.length ? `${data.message}: ${details.join('; ')}` : data.message;
  }
  return e.message ?? 'request failed';
}

/**
 * Maps an @octokit/request error to a ForgeError a user can act on. `needed` names the permission the
 * operation requires (`contents: write`, `pull-requests: write`). Messages carry no token: we build them from
 * the status and GitHub's text, redacted (a hostile or buggy server may quote the Authorization header).
 */
export function toForgeError(
  error: unknown,
  operation: string,
  needed: string,
  ctx: TokenContext,
): ForgeError {
  const e = (error ?? {}) as OctokitLikeError;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const what = `GitHub ${operation} failed`;
  if (status === undefined || e.response === undefined) {
    return new ForgeError('network', `${what}: cannot reach ${ctx.apiUrl}`, {
      hint: 'check the network and GITHUB_API_URL; running again is safe',
      cause: error,
    });
  }
  const msg = ctx.redact(apiMessage(e));
  if (status === 401) {
    return new ForgeError(
      'unauthorized',
      `${what}: the token in ${ctx.tokenVariable} was rejected (401 ${msg})`,
      {
        status,
        hint: `set ${ctx.tokenVariable} to a valid token`,
      },
    );
  }
  if (status === 403) {
    return new ForgeError(
      'forbidden',
      `${what}: the token in ${ctx.tokenVariable} lacks permission (403 ${msg})`,
      {
        status,
        hint: `grant the token ${needed} (workflow: permissions: ${needed}); pull requests from forks get a read-only token`,
      },
    );
  }
  if (status === 404) {
    return new ForgeError('not-found', `${what}: not found (404 ${msg})`, {
      status,
      hint: `check the repository name and that ${ctx.tokenVariable} can see it`,
    });
  }
  if (status === 422) return new ForgeError('validation', `${what}: ${msg} (422)`, { status });
  return new ForgeError('server', `${what}: GitHub answered ${status} ${msg}`, {
    status,
    hint: 'GitHub may be having trouble; running again is safe',
  });
}
