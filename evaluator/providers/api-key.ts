import { ConfigError } from '../../core/errors.ts';
import type { ProviderConfig } from './provider.ts';

/** `apiKeyEnv: none` declares a keyless server (a local Ollama, vLLM or llama.cpp server). */
export const NO_KEY = 'none';

/**
 * Reads the key from the environment variable the config names (or the default one). A missing key is an error
 * naming the variable, raised when the provider is created, before any call. The key's value never appears in
 * an error.
 */
export function resolveApiKey(
  prefix: string,
  config: ProviderConfig,
  env: Readonly<Record<string, string | undefined>>,
  defaultEnv: string | undefined,
): string | undefined {
  const name = typeof config.apiKeyEnv === 'string' ? config.apiKeyEnv : defaultEnv;
  if (name === undefined || name === NO_KEY) return undefined;
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(
      `provider "${prefix}" needs an API key: the environment variable ${name} is not set`,
      {
        location: { file: 'evohub.yaml', field: `/providers/${prefix}/apiKeyEnv` },
        hint: `export ${name}=..., or set providers.${prefix}.apiKeyEnv to the variable that holds the key (or "none" for a keyless local server)`,
      },
    );
  }
  return value.trim();
}
