/** Per-call timeout when the provider config sets none. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Runs `fn` with an AbortSignal that fires after `ms` (or when `outer` aborts). Resolves or rejects with `fn`'s
 * outcome, or rejects with `onTimeout()` when the time is up even if `fn` ignores its signal.
 */
export async function withTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  ms: number,
  onTimeout: () => Error,
  outer?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  const abortFromOuter = () => controller.abort(outer?.reason);
  if (outer) {
    if (outer.aborted) controller.abort(outer.reason);
    else outer.addEventListener('abort', abortFromOuter, { once: true });
  }
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const expiry = new Promise<never>((_, reject) => {
    if (!Number.isFinite(ms)) return;
    timer = setTimeout(() => {
      timedOut = true;
      const error = onTimeout();
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([
      fn(controller.signal).catch((error: unknown) => {
        // The SDK reports our own abort as "user aborted"; say what really happened.
        if (timedOut) throw onTimeout();
        throw error;
      }),
      expiry,
    ]);
  } finally {
    if (timer) clearTimeout(timer);
    outer?.removeEventListener('abort', abortFromOuter);
  }
}
