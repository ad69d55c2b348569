import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startAnthropicServer } from '../../test/servers/anthropic-server.ts';
import type { ScriptedServer } from '../../test/servers/scripted-server.ts';
import { MemoryResponseCache } from '../cache/memory-response-cache.ts';
import { createModelCaller } from '../model-caller.ts';
import type { ChatRequest, ProviderConfig } from './provider.ts';
import type { ProviderError } from './provider-error.ts';
import { createProvider } from './registry.ts';

const KEY = 'sk-ant-test-0123456789SECRET';
let server: ScriptedServer;

before(async () => {
  server = await startAnthropicServer({
    respond: (body) => `claude:${String(body.messages.at(-1)?.content)}`,
  });
});
after(() => server.close());

const provider = (extra: ProviderConfig = {}) =>
  createProvider('anthropic/claude-test', {
    providers: { anthropic: { baseUrl: server.url, timeoutMs: 10_000, ...extra } },
    env: { ANTHROPIC_API_KEY: KEY },
    baseDir: '/',
  });

const request: ChatRequest = {
  model: 'claude-test',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'developer', content: 'Use English.' },
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: 'hello' },
    { role: 'user', content: 'classify this' },
  ],
  parameters: { maxTokens: 9, temperature: 0 },
};

function caller(p: Awaited<ReturnType<typeof provider>>, config: ProviderConfig = {}) {
  const sleeps: number[] = [];
  const c = createModelCaller({
    provider: p,
    config,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  });
  return { c, sleeps };
}

test('success: system and developer messages go to `system`, the key is sent', async () => {
  server.setScript([]);
  const start = server.count;
  const res = await (await provider()).complete(request);
  assert.equal(res.text, 'claude:classify this');
  assert.equal(res.simulated, false);
  assert.ok(res.usage.inputTokens > 0);
  const sent = server.requests[start]!;
  assert.equal(sent.path, '/v1/messages');
  // This SDK version sends the key as a bearer token; older ones used x-api-key.
  assert.ok(sent.headers['x-api-key'] === KEY || sent.headers.authorization === `Bearer ${KEY}`);
  const body = sent.body as Record<string, unknown>;
  assert.equal(body.system, 'Be brief.\n\nUse English.');
  assert.equal(body.max_tokens, 9);
  assert.deepEqual(
    (body.messages as { role: string }[]).map((m) => m.role),
    ['user', 'assistant', 'user'],
  );
});

test('max_tokens defaults when the prompt sets none; a json_schema goes to output_config', async () => {
  server.setScript([]);
  const start = server.count;
  await (await provider()).complete({
    ...request,
    parameters: {},
    responseFormat: 'json_schema',
    jsonSchema: { name: 'x', schema: { type: 'object' } },
  });
  const body = server.requests[start]!.body as Record<string, unknown>;
  assert.equal(body.max_tokens, 1024);
  assert.deepEqual(body.output_config, { format: { type: 'json_schema', schema: { type: 'object' } } });
});

test('429 with Retry-After and a 529 overload are retried; Retry-After is honoured', async () => {
  server.setScript([
    { type: 'rate-limit', retryAfter: '2' },
    { type: 'error', status: 529, message: 'Overloaded' },
    { type: 'success', text: 'ok' },
  ]);
  const { c, sleeps } = caller(await provider());
  const out = await c.call(request);
  assert.equal(out.response.text, 'ok');
  assert.equal(out.retries, 2);
  assert.equal(sleeps[0], 2000);
  assert.equal(sleeps.length, 2);
});

test('500 then success', async () => {
  server.setScript([
    { type: 'error', status: 500 },
    { type: 'success', text: 'ok' },
  ]);
  const { c, sleeps } = caller(await provider());
  assert.equal((await c.call(request)).response.text, 'ok');
  assert.equal(sleeps.length, 1);
});

test('hang → timeout; malformed → error; messages never contain the key', async () => {
  server.setScript([{ type: 'hang' }]);
  const cfg = { timeoutMs: 100, maxRetries: 0 };
  const { c } = caller(await provider(cfg), cfg);
  await assert.rejects(c.call(request), (e: ProviderError) => {
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /anthropic\/claude-test/);
    return true;
  });
  // A generous timeout from here on: a loaded machine must not turn these into timeouts.
  const cfg2 = { timeoutMs: 10_000, maxRetries: 0 };
  const { c: c2 } = caller(await provider(cfg2), cfg2);
  server.setScript([{ type: 'malformed' }]);
  await assert.rejects(c2.call(request), (e: ProviderError) => {
    assert.equal(e.kind, 'malformed');
    return true;
  });
  server.setScript([{ type: 'error', status: 403, message: `key ${KEY} not allowed` }]);
  await assert.rejects(c2.call(request), (e: ProviderError) => {
    assert.equal(e.status, 403);
    assert.ok(!e.message.includes(KEY), e.message);
    return true;
  });
});

test('cache hit on the second call: zero requests to the server', async () => {
  server.setScript([]);
  const start = server.count;
  const p = await provider();
  const c = createModelCaller({ provider: p, cache: new MemoryResponseCache() });
  await c.call(request);
  const again = await c.call(request);
  assert.equal(again.cached, true);
  assert.equal(server.count - start, 1);
});
