import { EvohubError, type EvohubErrorOptions } from '../../core/errors.ts';
import { createRedactor } from '../../core/redact.ts';

export type ProviderErrorKind =
  /** HTTP 429 or a provider's own "overloaded" answer: retried, honouring Retry-After. */
  | 'rate-limit'
  /** HTTP 5xx (including 503): retried. */
  | 'server'
  /** Connection refused/reset, DNS: retried. */
  | 'network'
  /** The per-call timeout elapsed: retried. */
  | 'timeout'
  /** A 2xx answer whose body is not what the API promises: retried (servers do send truncated bodies). */
  | 'malformed'
  /** Any other 4xx (bad request, auth, not found): fails at once. */
  | 'client'
  /** A bug or refusal in a custom provider module, or an aborted call: fails at once. */
  | 'other';

export type ProviderErrorOptions = EvohubErrorOptions & {
  providerId: string;
  kind: ProviderErrorKind;
  status?: number;
  /** The delay the server asked for (Retry-After / retry-after-ms), in milliseconds. */
  retryAfterMs?: number;
};

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set([
  'rate-limit',
  'server',
  'network',
  'timeout',
  'malformed',
]);

/**
 * A failed model call. Messages name the provider, the HTTP status and what the server said, never a key:
 * providers build them from status and error text only, and `redactSecrets` scrubs anything key-shaped.
 */
export class ProviderError extends EvohubError {
  readonly providerId: string;
  readonly kind: ProviderErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: ProviderErrorOptions) {
    super('PROVIDER', message, options);
    this.name = 'ProviderError';
    this.providerId = options.providerId;
    this.kind = options.kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

/** Removes anything that looks like a bearer token or API key, plus the exact secret values given. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  return createRedactor(secrets)(text);
}
