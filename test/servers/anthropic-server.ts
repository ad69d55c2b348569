import type { Message, MessageCreateParams } from '@anthropic-ai/sdk/resources/messages';
import type { ErrorResponse } from '@anthropic-ai/sdk/resources/shared';
import {
  type Behaviour,
  type ScriptedServer,
  type ScriptedServerOptions,
  startScriptedServer,
} from './scripted-server.ts';

export type { Behaviour, RecordedRequest, Script, ScriptedServer } from './scripted-server.ts';

export type AnthropicServerOptions = ScriptedServerOptions & {
  respond?: (body: MessageCreateParams, n: number) => string;
};

/**
 * A local server speaking Anthropic's messages API (`POST /v1/messages`), scriptable like the OpenAI one.
 * Point @anthropic-ai/sdk at `url` (the SDK adds `/v1`).
 */
export async function startAnthropicServer(opts: AnthropicServerOptions = {}): Promise<ScriptedServer> {
  const respond = opts.respond ?? (() => 'ok');
  return startScriptedServer(
    {
      path: '/v1/messages',
      success(body, b: Extract<Behaviour, { type: 'success' }>, n): Message {
        const params = body as MessageCreateParams;
        const text = b.text ?? respond(params, n);
        return {
          id: `msg_${n}`,
          type: 'message',
          role: 'assistant',
          model: params.model ?? 'unknown',
          content: [{ type: 'text', text, citations: null }],
          container: null,
          diagnostics: null,
          stop_details: null,
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: {
            cache_creation: null,
            cache_creation_input_tokens: null,
            cache_read_input_tokens: null,
            inference_geo: null,
            input_tokens: b.inputTokens ?? Math.ceil(JSON.stringify(params.messages ?? []).length / 4),
            output_tokens: b.outputTokens ?? Math.ceil(text.length / 4),
            output_tokens_details: null,
            server_tool_use: null,
            service_tier: null,
            speed: null,
          },
        };
      },
      error(status, message): ErrorResponse {
        const type =
          status === 429
            ? 'rate_limit_error'
            : status === 529
              ? 'overloaded_error'
              : status >= 500
                ? 'api_error'
                : 'invalid_request_error';
        return { type: 'error', request_id: null, error: { type, message } as ErrorResponse['error'] };
      },
      wrongShape: () => ({ id: 'msg_x', type: 'message' }),
    },
    opts,
  );
}
