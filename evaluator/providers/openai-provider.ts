import type OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import { ConfigError } from '../../core/errors.ts';
import type { Message } from '../../core/prompt/types.ts';
import { resolveApiKey } from './api-key.ts';
import { type ChatPoster, createChatPoster } from './openai-chat-http.ts';
import type { ChatRequest, ChatResponse, Provider, ProviderContext, ProviderFactory } from './provider.ts';
import { providerId, sdkClientOptions, timedSdkCall } from './sdk-client.ts';
import { malformed } from './sdk-errors.ts';

export type OpenAiProviderOptions = {
  /** The reference prefix (`openai`, or a prefix declared in evohub.yaml with `type: openai`). */
  prefix: string;
  /** Default env var for the key; undefined = keyless unless `apiKeyEnv` is set. */
  defaultKeyEnv: string | undefined;
};

/** Which request field carries maxTokens: OpenAI's own API wants max_completion_tokens (reasoning models
 * reject max_tokens); OpenAI-compatible servers (Ollama, vLLM, llama.cpp) know max_tokens. */
type MaxTokensParam = 'max_tokens' | 'max_completion_tokens';

/**
 * `httpClient`: `direct` posts to the server over node:http without the SDK (the default for a `baseUrl`: a
 * local server can take thousands of calls a second, and the SDK's own CPU per call was the bottleneck); `node`
 * is the openai SDK over node:http agents (the default for OpenAI's own API, whose rate limits keep calls few
 * and whose SDK reads OPENAI_ORG_ID and friends); `fetch` is the SDK over the global fetch (proxy support).
 */
const HTTP_CLIENTS = ['direct', 'node', 'fetch'] as const;
type HttpClient = (typeof HTTP_CLIENTS)[number];

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

function httpClientOf(prefix: string, v: unknown, baseURL: string | undefined): HttpClient {
  if (v === undefined) return baseURL ? 'direct' : 'node';
  if (typeof v === 'string' && (HTTP_CLIENTS as readonly string[]).includes(v)) return v as HttpClient;
  throw new ConfigError(`providers.${prefix}.httpClient must be one of ${HTTP_CLIENTS.join(', ')}`, {
    location: { file: 'evohub.yaml', field: `/providers/${prefix}/httpClient` },
  });
}

export function createOpenAiProvider(ctx: ProviderContext, opts: OpenAiProviderOptions): Provider {
  const { config, model } = ctx;
  const id = providerId(opts.prefix, model, 'gpt-4o-mini');
  const apiKey = resolveApiKey(opts.prefix, config, ctx.env, opts.defaultKeyEnv);
  const baseURL = typeof config.baseUrl === 'string' ? config.baseUrl : undefined;
  const maxTokensParam: MaxTokensParam =
    config.maxTokensParam === 'max_tokens' || config.maxTokensParam === 'max_completion_tokens'
      ? config.maxTokensParam
      : baseURL
        ? 'max_tokens'
        : 'max_completion_tokens';
  const secrets = [apiKey];
  const post: ChatPoster =
    httpClientOf(opts.prefix, config.httpClient, baseURL) === 'direct'
      ? createChatPoster({
          providerId: id,
          baseUrl: baseURL ?? OPENAI_BASE_URL,
          apiKey,
          headers: config.headers,
        })
      : sdkPoster(sdkClientOptions(config, apiKey));
  // OpenAI's own API knows `developer`; compatible servers generally only know `system`.
  const developerRole = baseURL ? 'system' : 'developer';

  return {
    id,
    simulated: false,
    async complete(request: ChatRequest): Promise<ChatResponse> {
      const body = toRequestBody(request, maxTokensParam, developerRole);
      const { result, latencyMs } = await timedSdkCall(id, secrets, () => post(body, request.signal));
      return fromCompletion(result, id, latencyMs);
    },
  };
}

/** The openai SDK, loaded on the first call (~70 ms of start-up that the direct path does not pay). */
function sdkPoster(options: ReturnType<typeof sdkClientOptions>): ChatPoster {
  let client: OpenAI | undefined;
  return async (body, signal) => {
    client ??= new (await import('openai')).default(options);
    return client.chat.completions.create(body, { signal });
  };
}

export function toRequestBody(
  request: ChatRequest,
  maxTokensParam: MaxTokensParam,
  developerRole: 'developer' | 'system',
): ChatCompletionCreateParamsNonStreaming {
  const body: ChatCompletionCreateParamsNonStreaming = {
    model: request.model,
    messages: request.messages.map((m: Message) => ({
      role: m.role === 'developer' ? developerRole : m.role,
      content: m.content,
    })) as ChatCompletionCreateParamsNonStreaming['messages'],
  };
  const p = request.parameters;
  if (p.maxTokens !== undefined) body[maxTokensParam] = p.maxTokens;
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.topP !== undefined) body.top_p = p.topP;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.responseFormat === 'json_object') body.response_format = { type: 'json_object' };
  else if (request.responseFormat === 'json_schema')
    body.response_format = jsonSchemaFormat(request.jsonSchema);
  return body;
}

/** GitHub Models stores `jsonSchema` as `{name, strict?, schema}` (a JSON string or an object); a bare schema is wrapped. */
function jsonSchemaFormat(
  schema: ChatRequest['jsonSchema'],
): ChatCompletionCreateParamsNonStreaming['response_format'] {
  const obj = typeof schema === 'string' ? (JSON.parse(schema) as Record<string, unknown>) : (schema ?? {});
  const wrapped = typeof obj.schema === 'object' && obj.schema !== null;
  return {
    type: 'json_schema',
    json_schema: {
      name: typeof obj.name === 'string' && wrapped ? obj.name : 'response',
      schema: (wrapped ? obj.schema : obj) as Record<string, unknown>,
      ...(wrapped && typeof obj.strict === 'boolean' ? { strict: obj.strict } : {}),
    },
  };
}

function fromCompletion(completion: ChatCompletion, id: string, latencyMs: number): ChatResponse {
  const choice = completion?.choices?.[0];
  if (!choice || typeof choice.message !== 'object' || choice.message === null)
    throw malformed(id, 'no choices[0].message');
  const text = choice.message.content ?? choice.message.refusal ?? '';
  if (typeof text !== 'string') throw malformed(id, 'message content is not a string');
  return {
    text,
    usage: {
      inputTokens: completion.usage?.prompt_tokens ?? 0,
      outputTokens: completion.usage?.completion_tokens ?? 0,
    },
    latencyMs,
    simulated: false,
  };
}

export const openAiProviderFactory: ProviderFactory = {
  prefix: 'openai',
  description:
    'OpenAI chat completions (openai SDK); key from OPENAI_API_KEY unless apiKeyEnv says otherwise',
  create: (ctx) => createOpenAiProvider(ctx, { prefix: 'openai', defaultKeyEnv: 'OPENAI_API_KEY' }),
};
