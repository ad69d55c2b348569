/** The HTTP status of an error thrown by @kubernetes/client-node (ApiException carries it as `code`). */
export function httpStatus(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; statusCode?: unknown; body?: unknown };
  if (typeof e.code === 'number') return e.code;
  if (typeof e.statusCode === 'number') return e.statusCode;
  return undefined;
}

/** A short description of an API error for logs (the server's message, never request headers). */
export function describeError(err: unknown): string {
  if (!err || typeof err !== 'object') return String(err);
  const e = err as { code?: unknown; body?: unknown; message?: unknown };
  let message = typeof e.message === 'string' ? e.message.split('\n')[0] : String(err);
  if (typeof e.body === 'string') {
    try {
      const body = JSON.parse(e.body) as { message?: string };
      if (body.message) message = body.message;
    } catch {
      // not JSON: keep the exception's own message
    }
  } else if (e.body && typeof e.body === 'object' && 'message' in e.body) {
    message = String((e.body as { message: unknown }).message);
  }
  return typeof e.code === 'number' ? `HTTP ${e.code}: ${message}` : (message ?? String(err));
}
