import { ConfigError } from '../../core/errors.ts';
import { anthropicProviderFactory, createAnthropicProvider } from './anthropic-provider.ts';
import { loadFileProvider } from './file-provider.ts';
import { createOpenAiProvider, openAiProviderFactory } from './openai-provider.ts';
import type { Provider, ProviderConfig, ProviderFactory } from './provider.ts';
import { simulatedProviderFactory } from './simulated-provider.ts';

/** The built-in prefixes. Each provider file exports its own factory (name, description, create). */
const BUILT_IN: readonly ProviderFactory[] = [
  openAiProviderFactory,
  anthropicProviderFactory,
  simulatedProviderFactory,
];

const FILE_DESCRIPTION =
  'a custom provider module: file:<path>[#model] default-exporting { complete(request) } or a factory';

/** Types a prefix declared in evohub.yaml `providers:` may take. */
const DECLARABLE_TYPES = ['openai', 'anthropic'] as const;

export type CreateProviderOptions = {
  /** `evohub.yaml` `providers:`; keys are prefixes (built-in ones configure those, others declare new ones). */
  providers?: Record<string, ProviderConfig>;
  env: Readonly<Record<string, string | undefined>>;
  /** Where `file:` paths resolve (the repository root). */
  baseDir: string;
};

export function listProviders(
  providers: Record<string, ProviderConfig> = {},
): { prefix: string; description: string }[] {
  const out = BUILT_IN.map((f) => ({ prefix: f.prefix, description: f.description }));
  out.push({ prefix: 'file:', description: FILE_DESCRIPTION });
  for (const [prefix, cfg] of Object.entries(providers)) {
    if (BUILT_IN.some((f) => f.prefix === prefix)) continue;
    out.push({
      prefix,
      description: `declared in evohub.yaml: type ${String(cfg.type)} at ${String(cfg.baseUrl ?? 'default URL')}`,
    });
  }
  return out;
}

/**
 * Creates the provider for a reference: `openai/<model>`, `anthropic/<model>`, `simulated/<task>`,
 * `file:<path>[#model]`, or `<prefix>/<model>` for a prefix declared in evohub.yaml with `type: openai` (or
 * `anthropic`) and a `baseUrl`. Unknown prefixes and missing keys fail here, before any call.
 */
export async function createProvider(ref: string, opts: CreateProviderOptions): Promise<Provider> {
  const providers = opts.providers ?? {};
  if (ref.startsWith('file:')) {
    return loadFileProvider(ref.slice('file:'.length), providers.file ?? {}, opts.env, opts.baseDir);
  }
  const slash = ref.indexOf('/');
  if (slash <= 0) {
    throw new ConfigError(`invalid provider reference "${ref}": expected <prefix>/<model> or file:<path>`, {
      hint: `known prefixes: ${knownPrefixes(providers)}`,
    });
  }
  const prefix = ref.slice(0, slash);
  const model = ref.slice(slash + 1);
  const config = providers[prefix] ?? {};
  const builtIn = BUILT_IN.find((f) => f.prefix === prefix);
  if (builtIn && (config.type === undefined || config.type === prefix)) {
    return builtIn.create({ model, config, env: opts.env, baseDir: opts.baseDir });
  }
  if (providers[prefix]) {
    const type = config.type;
    const ctx = { model, config, env: opts.env, baseDir: opts.baseDir };
    if ((type === 'openai' || type === 'anthropic') && typeof config.baseUrl !== 'string') {
      throw new ConfigError(`provider "${prefix}" in evohub.yaml has type ${type} but no baseUrl`, {
        location: { file: 'evohub.yaml', field: `/providers/${prefix}/baseUrl` },
        hint: 'e.g. baseUrl: http://127.0.0.1:11434/v1 for Ollama',
      });
    }
    if (type === 'openai') return createOpenAiProvider(ctx, { prefix, defaultKeyEnv: undefined });
    if (type === 'anthropic') return createAnthropicProvider(ctx, prefix, undefined);
    throw new ConfigError(
      `provider "${prefix}" in evohub.yaml has ${type === undefined ? 'no type' : `unknown type "${String(type)}"`}`,
      {
        location: { file: 'evohub.yaml', field: `/providers/${prefix}/type` },
        hint: `type must be one of: ${DECLARABLE_TYPES.join(', ')}`,
      },
    );
  }
  throw new ConfigError(`unknown provider "${prefix}" in "${ref}"`, {
    hint: `known prefixes: ${knownPrefixes(providers)}; declare others in evohub.yaml under providers: with type: openai and baseUrl`,
  });
}

/**
 * The `evohub.yaml` settings that apply to a reference (`providers.<prefix>`; `providers.file` for `file:`
 * modules): pass them to `createModelCaller` as `config`.
 */
export function providerConfigFor(
  ref: string,
  providers: Record<string, ProviderConfig> = {},
): ProviderConfig {
  const prefix = ref.startsWith('file:') ? 'file' : ref.slice(0, Math.max(0, ref.indexOf('/')));
  return providers[prefix] ?? {};
}

function knownPrefixes(providers: Record<string, ProviderConfig>): string {
  return listProviders(providers)
    .map((p) => p.prefix)
    .join(', ');
}
