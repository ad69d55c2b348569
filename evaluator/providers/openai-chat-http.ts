/**
 * Chat completions over node:http without the openai SDK, for OpenAI-compatible servers (a `baseUrl`). The
 * SDK's request pipeline (option merging, header objects, a WHATWG Response, per-call log formatting) cost
 * ~0.4 ms of CPU per call, three times the HTTP exchange itself; at 1,000 calls a second on a local server
 * that was most of `evohub eval`'s CPU (bench/cli-eval-throughput.ts). Errors take the SDK's shape (status,
 * headers, the body's `error`) so that one mapping (sdk-errors.ts) serves both paths.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import { ConfigError } from '../../core/errors.ts';
import { createHttpAgents, httpRequest, httpTarget } from './http-request.ts';
import { ProviderError, redactSecrets } from './provider-error.ts';

export type ChatHttpOptions = {
  providerId: string;
  /** e.g. `http://127.0.0.1:11434/v1`; `/chat/completions` is appended. */
  baseUrl: string;
  apiKey: string | undefined;
  headers?: Record<string, string>;
};

export type ChatPoster = (
  body: ChatCompletionCreateParamsNonStreaming,
  signal?: AbortSignal,
) => Promise<ChatCompletion>;

/** A non-2xx answer, shaped like the SDKs' APIError for mapSdkError: status, headers, the body's `error`. */
export class HttpStatusError extends Error {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly error: unknown;

  constructor(status: number, headers: IncomingHttpHeaders, text: string) {
    const parsed = parseJson(text);
    const error = isObject(parsed) ? parsed.error : undefined;
    const msg = isObject(error) && typeof error.message === 'string' ? error.message : text.trim();
    super(msg ? `${status} ${msg}` : `${status} status code (no body)`);
    this.name = 'HttpStatusError';
    this.status = status;
    this.error = error;
    this.headers = {
      get: (name) => {
        const v = headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
    };
  }
}

export function createChatPoster(opts: ChatHttpOptions): ChatPoster {
  const target = httpTarget(new URL(`${opts.baseUrl.replace(/\/+$/, '')}/chat/completions`));
  if (!target) {
    throw new ConfigError(`${opts.providerId}: baseUrl must be an http:// or https:// URL`, {
      location: { file: 'evohub.yaml', field: `/providers/${opts.providerId.split('/')[0]}/baseUrl` },
    });
  }
  const agents = createHttpAgents();
  const fixed: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/json',
    'user-agent': 'evohub',
  };
  for (const [k, v] of Object.entries(opts.headers ?? {})) fixed[k.toLowerCase()] = v;
  // The placeholder matches what the SDK path sends: a keyless server ignores it.
  fixed.authorization = `Bearer ${opts.apiKey ?? 'no-key'}`;
  const secrets = [opts.apiKey];

  return async (body, signal) => {
    let answer: Awaited<ReturnType<typeof httpRequest>>;
    try {
      answer = await httpRequest(agents, target, {
        method: 'POST',
        headers: { ...fixed },
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      throw connectionError(error, opts.providerId, secrets);
    }
    const text = answer.body.toString('utf8');
    if (answer.status < 200 || answer.status >= 300)
      throw new HttpStatusError(answer.status, answer.headers, text);
    // A body that is not JSON throws a SyntaxError: reported (and retried) as malformed.
    return JSON.parse(text) as ChatCompletion;
  };
}

/** An abort passes through (the caller's timeout names it); anything else is a network error. */
function connectionError(
  error: unknown,
  providerId: string,
  secrets: readonly (string | undefined)[],
): unknown {
  if (error instanceof Error && error.name === 'AbortError') return error;
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  const code = typeof e.code === 'string' && !message.includes(e.code) ? e.code : '';
  const detail = [code, message].filter(Boolean).join(' ');
  return new ProviderError(
    `${providerId}: connection failed${detail ? `: ${redactSecrets(detail, secrets)}` : ''}`,
    { providerId, kind: 'network', hint: 'check baseUrl in evohub.yaml and that the server is up' },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the text itself is the message.
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
