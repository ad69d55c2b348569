import { parseRetryAfter } from '../limits/retry.ts';
import { ProviderError, type ProviderErrorKind, redactSecrets } from './provider-error.ts';

/** The shape both Stainless-generated SDKs (openai, @anthropic-ai/sdk) give their errors. */
type SdkError = Error & { status?: number; headers?: Headers; error?: unknown };

/**
 * Maps an error thrown by the openai or Anthropic SDK (or by fetch underneath) to a ProviderError with a clear,
 * key-free message. Both SDKs share the same error hierarchy, recognised here by name and fields.
 */
export function mapSdkError(
  error: unknown,
  providerId: string,
  now: number,
  secrets: readonly (string | undefined)[],
): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = (error instanceof Error ? error : new Error(String(error))) as SdkError;
  const clean = (s: string) => redactSecrets(s, secrets);
  // The SDKs leave `name` as "Error"; their classes are told apart by constructor name.
  const kind = e.constructor?.name ?? e.name;
  if (kind === 'APIConnectionTimeoutError') {
    return new ProviderError(`${providerId}: request timed out`, {
      providerId,
      kind: 'timeout',
      cause: undefined,
    });
  }
  if (kind === 'APIConnectionError') {
    const cause = (e as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${clean(causeMessage(cause))}` : '';
    return new ProviderError(`${providerId}: connection failed${detail}`, {
      providerId,
      kind: 'network',
      hint: 'check baseUrl in evohub.yaml and that the server is up',
    });
  }
  if (kind === 'APIUserAbortError' || e.name === 'AbortError') {
    return new ProviderError(`${providerId}: request aborted`, { providerId, kind: 'other' });
  }
  if (typeof e.status === 'number') {
    const status = e.status;
    // An exhausted quota also comes as 429, but waiting does not help: fail at once.
    const quota = status === 429 && /insufficient_quota|billing/.test(errorCode(e));
    const errorKind: ProviderErrorKind = quota
      ? 'client'
      : status === 429
        ? 'rate-limit'
        : status === 408
          ? 'timeout'
          : status >= 500
            ? 'server'
            : 'client';
    const retryAfterMs = parseRetryAfter(e.headers, now);
    const hint =
      status === 401 || status === 403
        ? 'the API key was refused: check the environment variable named by apiKeyEnv'
        : quota
          ? 'the account has no quota left: check billing with the provider'
          : status === 404
            ? 'check the model name and baseUrl'
            : undefined;
    return new ProviderError(`${providerId}: HTTP ${status}: ${clean(serverMessage(e))}`, {
      providerId,
      kind: errorKind,
      status,
      retryAfterMs,
      hint,
    });
  }
  if (e instanceof SyntaxError) {
    return new ProviderError(`${providerId}: malformed response body (${clean(e.message)})`, {
      providerId,
      kind: 'malformed',
    });
  }
  return new ProviderError(`${providerId}: ${clean(e.message)}`, { providerId, kind: 'other' });
}

/** The server's own error message when the body has one (`{error:{message}}`), else the SDK's text. */
function serverMessage(e: SdkError): string {
  const body = e.error as { message?: unknown; error?: { message?: unknown } } | undefined;
  const msg = body?.error?.message ?? body?.message;
  const text = typeof msg === 'string' ? msg : e.message.replace(/^\d{3}\s*/, '');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text || 'no message';
}

/** The machine-readable error code or type in the body (`insufficient_quota`, `rate_limit_error`). */
function errorCode(e: SdkError): string {
  const body = e.error as
    | { code?: unknown; type?: unknown; error?: { code?: unknown; type?: unknown } }
    | undefined;
  return [body?.code, body?.type, body?.error?.code, body?.error?.type]
    .filter((x) => typeof x === 'string')
    .join(' ');
}

function causeMessage(cause: Error): string {
  const code = (cause as { code?: unknown }).code;
  const inner = (cause as { cause?: unknown }).cause;
  if (inner instanceof Error) return causeMessage(inner);
  return typeof code === 'string' ? `${code} ${cause.message}` : cause.message;
}

/** A 2xx body that parsed but lacks what the API promises. */
export function malformed(providerId: string, what: string): ProviderError {
  return new ProviderError(`${providerId}: malformed response body (${what})`, {
    providerId,
    kind: 'malformed',
  });
}
