/**
 * What the openai and Anthropic providers set up the same way: both SDKs are Stainless-generated, so they take
 * the same client options and throw the same errors (mapped in sdk-errors.ts).
 */
import { ConfigError } from '../../core/errors.ts';
import { DEFAULT_TIMEOUT_MS } from '../limits/timeout.ts';
import { createHttpFetch } from './http-fetch.ts';
import type { ProviderConfig } from './provider.ts';
import { mapSdkError } from './sdk-errors.ts';

/** `<prefix>/<model>`; a reference with no model part is a configuration error. */
export function providerId(prefix: string, model: string, exampleModel: string): string {
  if (!model)
    throw new ConfigError(`provider reference "${prefix}/" names no model`, {
      hint: `e.g. ${prefix}/${exampleModel}`,
    });
  return `${prefix}/${model}`;
}

/** Client options from `providers.<prefix>` settings, common to both SDKs. */
export function sdkClientOptions(config: ProviderConfig, apiKey: string | undefined) {
  return {
    // The SDKs refuse to start without a key; a keyless local server ignores this placeholder.
    apiKey: apiKey ?? 'no-key',
    baseURL: typeof config.baseUrl === 'string' ? config.baseUrl : undefined,
    maxRetries: 0, // the model caller retries (with Retry-After and a budget in view)
    timeout: typeof config.timeoutMs === 'number' ? config.timeoutMs : DEFAULT_TIMEOUT_MS,
    defaultHeaders: config.headers,
    // node:http keep-alive agents unless `httpClient: fetch` asks for the global fetch (see http-fetch.ts).
    ...(config.httpClient === 'fetch' ? {} : { fetch: createHttpFetch() }),
  };
}

/** Runs one SDK call, timing it; its errors become ProviderErrors with the secrets removed. */
export async function timedSdkCall<T>(
  id: string,
  secrets: readonly (string | undefined)[],
  call: () => Promise<T>,
): Promise<{ result: T; latencyMs: number }> {
  const started = performance.now();
  let result: T;
  try {
    result = await call();
  } catch (error) {
    throw mapSdkError(error, id, Date.now(), secrets);
  }
  return { result, latencyMs: performance.now() - started };
}
