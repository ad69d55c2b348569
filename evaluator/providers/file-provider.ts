import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../../core/errors.ts';
import { checkInside } from '../../core/prompt/repo-path.ts';
import type { ChatRequest, ChatResponse, Provider, ProviderConfig } from './provider.ts';
import { ProviderError } from './provider-error.ts';

/**
 * What a custom provider module (`file:./my-provider.ts`) default-exports: either an object with `complete`, or
 * a factory receiving the model (the part after `#`), its config and the environment, returning such an object.
 * `complete` may return a full ChatResponse or just `{ text, usage? }`; missing fields are filled in.
 */
export type CustomProviderModule =
  | CustomProvider
  | ((ctx: CustomProviderContext) => CustomProvider | Promise<CustomProvider>);

export type CustomProvider = {
  id?: string;
  complete(request: ChatRequest): Promise<CustomResponse> | CustomResponse;
};

export type CustomResponse = Partial<ChatResponse> & { text: string };

export type CustomProviderContext = {
  model: string | undefined;
  config: ProviderConfig;
  env: Readonly<Record<string, string | undefined>>;
};

/**
 * A custom provider module runs with evohub's rights (the environment's keys, the CI token), so only modules
 * inside the repository that `providers.file.allow` in evohub.yaml lists may load. `ci pr` passes the base
 * branch's settings: a pull request cannot allow its own code.
 */
async function assertAllowed(
  spec: string,
  full: string,
  config: ProviderConfig,
  baseDir: string,
): Promise<void> {
  const where = await checkInside(baseDir, full);
  if (where.inside === null) {
    throw new ConfigError(`custom provider module not found: ${full}`, { location: { file: full } });
  }
  if (!where.inside) {
    throw new ConfigError(
      `custom provider module file:${spec} resolves to ${where.real}, outside the repository ${baseDir}`,
      {
        hint: 'custom provider modules must live inside the repository and be listed in providers.file.allow',
      },
    );
  }
  const allow = Array.isArray(config.allow)
    ? config.allow.filter((a): a is string => typeof a === 'string')
    : [];
  for (const entry of allow) {
    const allowed = await checkInside(baseDir, resolve(baseDir, entry));
    if (allowed.inside && allowed.real === where.real) return;
  }
  // Only the hint's path: an unresolvable base directory is shown as given.
  const rel = relative(await realpath(baseDir).catch(() => baseDir), where.real);
  throw new ConfigError(`custom provider module file:${spec} is not allowed by evohub.yaml`, {
    location: { file: 'evohub.yaml', field: '/providers/file/allow' },
    hint: `list it in evohub.yaml: providers: { file: { allow: [${rel}] } } (in \`ci pr\` the base branch's evohub.yaml counts)`,
  });
}

/** `file:<path>[#model]`; the path resolves against `baseDir` (the repository root). */
export async function loadFileProvider(
  spec: string,
  config: ProviderConfig,
  env: Readonly<Record<string, string | undefined>>,
  baseDir: string,
): Promise<Provider> {
  const hash = spec.indexOf('#');
  const path = hash < 0 ? spec : spec.slice(0, hash);
  const model = hash < 0 ? undefined : spec.slice(hash + 1) || undefined;
  if (!path)
    throw new ConfigError('provider reference "file:" names no module', {
      hint: 'e.g. file:./providers/my-provider.ts',
    });
  const full = isAbsolute(path) ? path : resolve(baseDir, path);
  await assertAllowed(path, full, config, baseDir);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(full).href)) as { default?: unknown };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(full)
        ? `custom provider module not found: ${full}`
        : `custom provider module ${full} failed to load: ${(error as Error).message}`,
      { location: { file: full }, cause: error },
    );
  }
  const exported = mod.default;
  const custom =
    typeof exported === 'function'
      ? await (exported as (ctx: CustomProviderContext) => CustomProvider | Promise<CustomProvider>)({
          model,
          config,
          env,
        })
      : exported;
  if (!custom || typeof custom !== 'object' || typeof (custom as CustomProvider).complete !== 'function') {
    throw new ConfigError(
      `custom provider module ${full} must default-export { complete(request) } or a factory returning one`,
      {
        location: { file: full },
        hint: 'see docs/providers.md, "Custom providers"',
      },
    );
  }
  const impl = custom as CustomProvider;
  const id = impl.id ?? `file:${path}${model ? `#${model}` : ''}`;
  return {
    id,
    simulated: false,
    async complete(request: ChatRequest): Promise<ChatResponse> {
      const started = performance.now();
      const out = await impl.complete(request);
      if (!out || typeof out.text !== 'string') {
        throw new ProviderError(`${id}: complete() must return an object with a string "text"`, {
          providerId: id,
          kind: 'other',
        });
      }
      return {
        text: out.text,
        usage: {
          inputTokens: out.usage?.inputTokens ?? 0,
          outputTokens: out.usage?.outputTokens ?? 0,
        },
        latencyMs: out.latencyMs ?? performance.now() - started,
        ...(out.costUsd !== undefined ? { costUsd: out.costUsd } : {}),
        simulated: out.simulated ?? false,
      };
    },
  };
}
