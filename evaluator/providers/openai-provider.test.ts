import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startOpenAiServer } from '../../test/servers/openai-compatible-server.ts';
import type { ScriptedServer } from '../../test/servers/scripted-server.ts';
import { MemoryBudget } from '../budget/budget.ts';
import { MemoryResponseCache } from '../cache/memory-response-cache.ts';
import { createModelCaller } from '../model-caller.ts';
import type { ChatRequest, ProviderConfig } from './provider.ts';
import { ProviderError } from './provider-error.ts';
import { createProvider } from './registry.ts';

const KEY = 'sk-test-0123456789abcdefSECRET';
let server: ScriptedServer & { baseUrl: string };

before(async () => {
  server = await startOpenAiServer({ respond: (body) => `echo:${String(body.messages.at(-1)?.content)}` });
});
after(() => server.close());

function config(extra: ProviderConfig = {}): Record<string, ProviderConfig> {
  return {
    local: { type: 'openai', baseUrl: server.baseUrl, apiKeyEnv: 'LOCAL_KEY', timeoutMs: 10_000, ...extra },
  };
}
const provider = (extra: ProviderConfig = {}) =>
  createProvider('local/test-model', { providers: config(extra), env: { LOCAL_KEY: KEY }, baseDir: '/' });

const request: ChatRequest = {
  model: 'test-model',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'developer', content: 'Dev note.' },
    { role: 'user', content: 'hello' },
  ],
  parameters: { maxTokens: 7, temperature: 0.2, topP: 0.9 },
  responseFormat: 'json_schema',
  jsonSchema: JSON.stringify({ name: 'answer', strict: true, schema: { type: 'object' } }),
  seed: 42,
};

/** Records sleeps instead of waiting: retries are checked without timing. */
function recordingSleep() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

function caller(
  p: Awaited<ReturnType<typeof provider>>,
  extra: Partial<Parameters<typeof createModelCaller>[0]> = {},
) {
  const s = recordingSleep();
  return { ...s, caller: createModelCaller({ provider: p, sleep: s.sleep, random: () => 0.5, ...extra }) };
}

test('success: the request carries mapped parameters and the key; the response maps usage', async () => {
  server.setScript([]);
  const start = server.count;
  const p = await provider();
  assert.equal(p.id, 'local/test-model');
  const res = await p.complete(request);
  assert.equal(res.text, 'echo:hello');
  assert.equal(res.simulated, false);
  assert.ok(res.usage.inputTokens > 0 && res.usage.outputTokens > 0);
  const sent = server.requests[start]!;
  assert.equal(sent.path, '/v1/chat/completions');
  assert.equal(sent.headers.authorization, `Bearer ${KEY}`);
  const body = sent.body as Record<string, unknown>;
  assert.equal(body.max_tokens, 7, 'a compatible server gets max_tokens');
  assert.equal(body.temperature, 0.2);
  assert.equal(body.top_p, 0.9);
  assert.equal(body.seed, 42);
  assert.deepEqual(body.response_format, {
    type: 'json_schema',
    json_schema: { name: 'answer', strict: true, schema: { type: 'object' } },
  });
  assert.deepEqual(
    (body.messages as { role: string }[]).map((m) => m.role),
    ['system', 'system', 'user'],
    'developer becomes system for compatible servers',
  );
});

test('maxTokensParam can ask for max_completion_tokens', async () => {
  server.setScript([]);
  const start = server.count;
  await (await provider({ maxTokensParam: 'max_completion_tokens' })).complete({
    ...request,
    responseFormat: 'json_object',
  });
  const body = server.requests[start]!.body as Record<string, unknown>;
  assert.equal(body.max_completion_tokens, 7);
  assert.equal(body.max_tokens, undefined);
  assert.deepEqual(body.response_format, { type: 'json_object' });
});

test('429 with Retry-After in seconds: retried after exactly that delay', async () => {
  server.setScript([
    { type: 'rate-limit', retryAfter: '3' },
    { type: 'rate-limit', retryAfter: '1' },
    { type: 'success', text: 'done' },
  ]);
  const start = server.count;
  const { caller: c, sleeps } = caller(await provider());
  const out = await c.call(request);
  assert.equal(out.response.text, 'done');
  assert.equal(out.retries, 2);
  assert.deepEqual(sleeps, [3000, 1000]);
  assert.equal(server.count - start, 3);
  assert.equal(c.counters.retries, 2);
  assert.equal(c.counters.providerRequests, 3);
});

test('429 with Retry-After as an HTTP date and with retry-after-ms', async () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  server.setScript([
    { type: 'rate-limit', retryAfter: new Date(now + 5000).toUTCString() },
    { type: 'rate-limit', retryAfterMs: 120 },
    { type: 'success', text: 'ok' },
  ]);
  // The SDK parses dates against the real clock; the mapping uses Date.now(), so allow the real drift.
  const { caller: c, sleeps } = caller(await provider());
  await c.call(request);
  assert.equal(sleeps.length, 2);
  assert.equal(sleeps[1], 120);
  assert.ok(sleeps[0]! <= 5000 && sleeps[0]! >= 0);
});

test('httpClient: fetch uses the global fetch; behaviour is the same', async () => {
  server.setScript([
    { type: 'rate-limit', retryAfter: '1' },
    { type: 'success', text: 'via fetch' },
  ]);
  const start = server.count;
  const { caller: c, sleeps } = caller(await provider({ httpClient: 'fetch' }));
  assert.equal((await c.call(request)).response.text, 'via fetch');
  assert.deepEqual(sleeps, [1000]);
  assert.equal(server.count - start, 2);
});

test('500 is retried with backoff (full jitter), then succeeds', async () => {
  server.setScript([
    { type: 'error', status: 500 },
    { type: 'error', status: 503 },
    { type: 'success', text: 'fine' },
  ]);
  const { caller: c, sleeps } = caller(await provider(), { retryPolicy: { baseDelayMs: 100 } });
  const out = await c.call(request);
  assert.equal(out.response.text, 'fine');
  assert.deepEqual(sleeps, [50, 100], 'random()=0.5 of 100 and 200 ms');
});

test('a 400 fails at once with a clear message and no key', async () => {
  server.setScript([{ type: 'error', status: 400, message: `bad model, key was ${KEY}` }]);
  const start = server.count;
  const { caller: c, sleeps } = caller(await provider());
  await assert.rejects(c.call(request), (e: unknown) => {
    assert.ok(e instanceof ProviderError);
    assert.equal(e.kind, 'client');
    assert.equal(e.status, 400);
    assert.match(e.message, /^local\/test-model: HTTP 400: bad model/);
    assert.ok(!e.message.includes(KEY) && !String(e.stack).includes(KEY));
    return true;
  });
  assert.equal(server.count - start, 1);
  assert.deepEqual(sleeps, []);
});

test('a 429 for an exhausted quota is not retried; a 408 is', async () => {
  server.setScript([
    { type: 'error', status: 429, code: 'insufficient_quota', message: 'You exceeded your current quota' },
  ]);
  const start = server.count;
  const { caller: c, sleeps } = caller(await provider());
  await assert.rejects(c.call(request), (e: ProviderError) => {
    assert.equal(e.kind, 'client');
    assert.match(e.hint ?? '', /quota/);
    return true;
  });
  assert.equal(server.count - start, 1);
  assert.deepEqual(sleeps, []);
  server.setScript([
    { type: 'error', status: 408 },
    { type: 'success', text: 'ok' },
  ]);
  assert.equal((await c.call(request)).retries, 1);
});

test('401 says to check the key variable', async () => {
  server.setScript([{ type: 'error', status: 401, message: 'Incorrect API key provided: sk-test-****CRET' }]);
  await assert.rejects((await provider()).complete(request), (e: ProviderError) => {
    assert.equal(e.kind, 'client');
    assert.match(e.hint ?? '', /apiKeyEnv/);
    return true;
  });
});

test('a hanging server times out; retries exhausted gives a clear error', async () => {
  server.setScript([{ type: 'hang' }, { type: 'hang' }]);
  const cfg = { timeoutMs: 150, maxRetries: 1 };
  const { caller: c, sleeps } = caller(await provider(cfg), { config: cfg });
  await assert.rejects(c.call(request), (e: ProviderError) => {
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /no answer within 150 ms.*gave up after 2 attempts/);
    return true;
  });
  assert.equal(sleeps.length, 1);
});

test('a malformed body and a body without choices are retried, then reported', async () => {
  server.setScript([{ type: 'malformed' }, { type: 'wrong-shape' }]);
  const { caller: c } = caller(await provider({ maxRetries: 1 }), { config: { maxRetries: 1 } });
  await assert.rejects(c.call(request), (e: ProviderError) => {
    assert.equal(e.kind, 'malformed');
    assert.match(e.message, /malformed response body/);
    return true;
  });
  server.setScript([{ type: 'malformed' }, { type: 'success', text: 'recovered' }]);
  const { caller: c2 } = caller(await provider({ maxRetries: 1 }), { config: { maxRetries: 1 } });
  assert.equal((await c2.call(request)).response.text, 'recovered');
});

test('a refused connection is a network error naming the provider', async () => {
  const p = await createProvider('local/m', {
    providers: { local: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'none' } },
    env: {},
    baseDir: '/',
  });
  const { caller: c } = caller(p, { retryPolicy: { maxRetries: 0 } });
  await assert.rejects(c.call(request), (e: ProviderError) => {
    assert.equal(e.kind, 'network');
    assert.match(e.message, /^local\/m: connection failed/);
    return true;
  });
});

test('cache: the second identical call makes zero requests; errors are never cached', async () => {
  const cache = new MemoryResponseCache();
  server.setScript([{ type: 'error', status: 400 }]);
  const start = server.count;
  const { caller: c } = caller(await provider(), { cache });
  await assert.rejects(c.call(request));
  assert.equal(cache.size, 0, 'the error was not cached');
  server.setScript([{ type: 'success', text: 'first' }], { type: 'success', text: 'later' });
  const first = await c.call(request);
  assert.equal(first.cached, false);
  const second = await c.call(request);
  assert.equal(second.cached, true);
  assert.equal(second.response.text, 'first');
  assert.equal(server.count - start, 2, 'one failed and one successful request, none for the hit');
  assert.equal(c.counters.cacheHits, 1);
  assert.equal(c.counters.calls, 3);
  assert.equal(c.counters.failures, 1);
});

test('budget: exactly N calls reach the server, then BudgetExceeded stops the run; cache hits are free', async () => {
  server.setScript([], { type: 'success' });
  const start = server.count;
  const budget = new MemoryBudget({ maxEvaluations: 3 });
  const cache = new MemoryResponseCache();
  const { caller: c } = caller(await provider(), { budget, cache });
  const req = (i: number): ChatRequest => ({
    ...request,
    messages: [{ role: 'user', content: `case ${i}` }],
  });
  for (let i = 0; i < 3; i++) await c.call(req(i));
  await c.call(req(0)); // a hit: no budget needed
  await assert.rejects(c.call(req(3)), { name: 'BudgetExceeded' });
  await assert.rejects(c.call(req(4)), { name: 'BudgetExceeded' });
  assert.equal(server.count - start, 3);
  assert.equal((await budget.usage()).evaluations, 3);
});

test('budget in USD: the worst case is reserved before the call and the real cost settled', async () => {
  server.setScript([], { type: 'success', inputTokens: 10, outputTokens: 1 });
  const budget = new MemoryBudget({ maxUsd: 1 });
  const p = await provider();
  const { caller: c } = caller(p, { budget, pricing: { 'local/test-model': { input: 1000, output: 1000 } } });
  const out = await c.call({ ...request, messages: [{ role: 'user', content: 'x' }] });
  assert.equal(out.response.costUsd, 0.011);
  const usage = await budget.usage();
  assert.equal(usage.usd, 0.011);
  assert.equal(usage.reservedUsd, 0);
  // 600 bytes of input at $1000/M tokens is $0.6 worst case plus the output: more than what is left.
  await assert.rejects(c.call({ ...request, messages: [{ role: 'user', content: 'y'.repeat(1200) }] }), {
    name: 'BudgetExceeded',
  });
});
