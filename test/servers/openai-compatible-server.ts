import type { ChatCompletion, ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import {
  type Behaviour,
  type ScriptedServer,
  type ScriptedServerOptions,
  startScriptedServer,
} from './scripted-server.ts';

export type { Behaviour, RecordedRequest, Script, ScriptedServer } from './scripted-server.ts';

/** OpenAI's error body (`{ error: { message, type, param, code } }`), as the openai SDK parses it. */
type OpenAiErrorBody = {
  error: { message: string; type: string; param: string | null; code: string | null };
};

export type OpenAiServerOptions = ScriptedServerOptions & {
  /** The answer text for a success (default: "ok"); benchmarks can answer from the request. */
  respond?: (body: ChatCompletionCreateParams, n: number) => string;
};

/**
 * A local server speaking OpenAI's chat-completions API (`POST /v1/chat/completions`), scriptable per request:
 * success, 429 with Retry-After, 5xx, hang, malformed body, fixed delay. Point the openai SDK at `baseUrl`.
 */
export async function startOpenAiServer(
  opts: OpenAiServerOptions = {},
): Promise<ScriptedServer & { baseUrl: string }> {
  const respond = opts.respond ?? (() => 'ok');
  const server = await startScriptedServer(
    {
      path: '/chat/completions',
      success(body, b: Extract<Behaviour, { type: 'success' }>, n): ChatCompletion {
        const params = body as ChatCompletionCreateParams;
        const text = b.text ?? respond(params, n);
        const inputTokens = b.inputTokens ?? Math.ceil(JSON.stringify(params.messages ?? []).length / 4);
        const outputTokens = b.outputTokens ?? Math.ceil(text.length / 4);
        return {
          id: `chatcmpl-${n}`,
          object: 'chat.completion',
          created: 1_700_000_000,
          model: params.model ?? 'unknown',
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              logprobs: null,
              message: { role: 'assistant', content: text, refusal: null },
            },
          ],
          usage: {
            prompt_tokens: inputTokens,
            completion_tokens: outputTokens,
            total_tokens: inputTokens + outputTokens,
          },
        };
      },
      error(status, message, code): OpenAiErrorBody {
        const type =
          status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
        return { error: { message, type: code ?? type, param: null, code: code ?? null } };
      },
      wrongShape: () => ({ id: 'chatcmpl-x', object: 'chat.completion', created: 0, model: 'm' }),
    },
    opts,
  );
  return Object.assign(server, { baseUrl: `${server.url}/v1` });
}
