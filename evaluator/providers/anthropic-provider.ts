import type Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { resolveApiKey } from './api-key.ts';
import type { ChatRequest, ChatResponse, Provider, ProviderContext, ProviderFactory } from './provider.ts';
import { providerId, sdkClientOptions, timedSdkCall } from './sdk-client.ts';
import { malformed } from './sdk-errors.ts';

/** Anthropic requires max_tokens; this is used when the prompt sets no maxTokens. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;

export function createAnthropicProvider(
  ctx: ProviderContext,
  prefix: string,
  defaultKeyEnv: string | undefined,
): Provider {
  const { config, model } = ctx;
  const id = providerId(prefix, model, 'claude-haiku-4-5');
  const apiKey = resolveApiKey(prefix, config, ctx.env, defaultKeyEnv);
  const options = sdkClientOptions(config, apiKey);
  // The SDK is loaded on the first call: ~140 ms of start-up that runs without an Anthropic model never pay.
  let client: Anthropic | undefined;
  const secrets = [apiKey];
  return {
    id,
    simulated: false,
    async complete(request: ChatRequest): Promise<ChatResponse> {
      const body = toAnthropicBody(request);
      const { result: message, latencyMs } = await timedSdkCall(id, secrets, async () => {
        client ??= new (await import('@anthropic-ai/sdk')).default(options);
        return client.messages.create(body, { signal: request.signal });
      });
      if (!message || !Array.isArray(message.content)) throw malformed(id, 'no content array');
      const text = message.content
        .filter((b) => b.type === 'text')
        .map((b) => (b as { text: string }).text)
        .join('');
      return {
        text,
        usage: {
          inputTokens: message.usage?.input_tokens ?? 0,
          outputTokens: message.usage?.output_tokens ?? 0,
        },
        latencyMs,
        simulated: false,
      };
    },
  };
}

/**
 * System and developer messages go to `system` (joined by blank lines); the rest stay in order. The messages
 * API of this SDK version has no temperature/top_p (deprecated upstream), so those parameters are not sent;
 * `responseFormat: json_schema` maps to `output_config.format`, `json_object` has no equivalent.
 */
export function toAnthropicBody(request: ChatRequest): MessageCreateParamsNonStreaming {
  const system = request.messages
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => m.content)
    .join('\n\n');
  const body: MessageCreateParamsNonStreaming = {
    model: request.model,
    max_tokens: request.parameters.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages: request.messages
      .filter((m) => m.role === 'user' || m.role === 'assistant')
      .map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content })),
  };
  if (system) body.system = system;
  // Structured outputs: a JSON schema goes to output_config.format (there is no plain json_object mode).
  if (request.responseFormat === 'json_schema' && request.jsonSchema !== undefined) {
    const obj =
      typeof request.jsonSchema === 'string'
        ? (JSON.parse(request.jsonSchema) as Record<string, unknown>)
        : request.jsonSchema;
    const schema =
      typeof obj.schema === 'object' && obj.schema !== null ? (obj.schema as Record<string, unknown>) : obj;
    body.output_config = { format: { type: 'json_schema', schema } };
  }
  return body;
}

export const anthropicProviderFactory: ProviderFactory = {
  prefix: 'anthropic',
  description:
    'Anthropic messages API (@anthropic-ai/sdk); key from ANTHROPIC_API_KEY unless apiKeyEnv says otherwise',
  create: (ctx) => createAnthropicProvider(ctx, 'anthropic', 'ANTHROPIC_API_KEY'),
};
