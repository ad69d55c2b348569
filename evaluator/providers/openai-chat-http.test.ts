import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConfigError } from '../../core/errors.ts';
import { startOpenAiServer } from '../../test/servers/openai-compatible-server.ts';
import type { ScriptedServer } from '../../test/servers/scripted-server.ts';
import { createModelCaller } from '../model-caller.ts';
import { HttpStatusError } from './openai-chat-http.ts';
import type { ChatRequest, ProviderConfig } from './provider.ts';
import { ProviderError } from './provider-error.ts';
import { createProvider } from './registry.ts';

const KEY = 'sk-test-direct-0123456789SECRET';
let server: ScriptedServer & { baseUrl: string };

before(async () => {
  server = await startOpenAiServer({ respond: (body) => `echo:${String(body.messages.at(-1)?.content)}` });
});
after(() => server.close());

const provider = (extra: ProviderConfig = {}) =>
  createProvider('local/test-model', {
    providers: {
      local: {
        type: 'openai',
        baseUrl: `${server.baseUrl}/`,
        apiKeyEnv: 'LOCAL_KEY',
        timeoutMs: 5000,
        ...extra,
      },
    },
    env: { LOCAL_KEY: KEY },
    baseDir: '/',
  });

const request: ChatRequest = {
  model: 'test-model',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'hello' },
  ],
  parameters: { maxTokens: 7, temperature: 0.2 },
  responseFormat: 'json_object',
  seed: 3,
};

const noSleep = { sleep: async () => {}, random: () => 0.5 };

test('direct (the default with a baseUrl) and the SDK send the same body and read the same answer', async () => {
  server.setScript([]);
  const start = server.count;
  const direct = await (await provider()).complete(request);
  const sdk = await (await provider({ httpClient: 'node' })).complete(request);
  assert.equal(direct.text, 'echo:hello');
  assert.deepEqual({ ...direct, latencyMs: 0 }, { ...sdk, latencyMs: 0 });
  const [a, b] = server.requests.slice(start) as {
    path: string;
    body: unknown;
    headers: Record<string, unknown>;
  }[];
  assert.equal(a?.path, '/v1/chat/completions', 'a trailing slash in baseUrl is not doubled');
  assert.deepEqual(a?.body, b?.body);
  assert.equal(a?.headers.authorization, `Bearer ${KEY}`);
  assert.equal(a?.headers['content-type'], 'application/json');
});

test('direct: headers from evohub.yaml are sent', async () => {
  server.setScript([]);
  const start = server.count;
  await (await provider({ headers: { 'X-Team': 'prompts' } })).complete(request);
  assert.equal(server.requests[start]?.headers['x-team'], 'prompts');
});

test('direct and SDK errors read alike: status, kind, the server message, Retry-After, no key', async () => {
  for (const httpClient of ['direct', 'node']) {
    server.setScript([
      { type: 'error', status: 400, message: `bad model, key was ${KEY}` },
      { type: 'rate-limit', retryAfter: '2' },
      { type: 'success', text: 'after the wait' },
    ]);
    const sleeps: number[] = [];
    const c = createModelCaller({
      provider: await provider({ httpClient }),
      ...noSleep,
      sleep: async (ms) => void sleeps.push(ms),
    });
    await assert.rejects(c.call(request), (e: unknown) => {
      assert.ok(e instanceof ProviderError, httpClient);
      assert.equal(e.kind, 'client');
      assert.equal(e.status, 400);
      assert.match(e.message, /^local\/test-model: HTTP 400: bad model, key was \[redacted\]/, httpClient);
      return true;
    });
    assert.equal((await c.call(request)).response.text, 'after the wait');
    assert.deepEqual(sleeps, [2000], `${httpClient}: Retry-After honoured`);
  }
});

test('direct: a body that is not JSON is malformed (retried); a 503 is a server error with its message', async () => {
  server.setScript([{ type: 'malformed' }]);
  await assert.rejects((await provider()).complete(request), (e: ProviderError) => {
    assert.equal(e.kind, 'malformed');
    return true;
  });
  server.setScript([{ type: 'error', status: 503, message: 'overloaded' }]);
  await assert.rejects((await provider()).complete(request), (e: ProviderError) => {
    assert.equal(e.kind, 'server');
    assert.match(e.message, /HTTP 503: overloaded/);
    return true;
  });
});

test('an unknown httpClient is a configuration error naming the field', async () => {
  await assert.rejects(provider({ httpClient: 'curl' }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /providers\.local\.httpClient must be one of direct, node, fetch/);
    return true;
  });
});

test('an error body that is not JSON becomes the message; Retry-After is read from the raw headers', () => {
  const e = new HttpStatusError(502, { 'retry-after': '3', 'x-multi': ['a', 'b'] }, ' bad gateway \n');
  assert.equal(e.message, '502 bad gateway');
  assert.equal(e.error, undefined);
  assert.equal(e.headers.get('Retry-After'), '3');
  assert.equal(e.headers.get('x-multi'), 'a, b');
  assert.equal(e.headers.get('x-none'), null);
  assert.equal(new HttpStatusError(500, {}, '').message, '500 status code (no body)');
});
