import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createModelCaller } from './model-caller.ts';
import type { ChatRequest, ChatResponse, Provider } from './providers/provider.ts';
import { ProviderError } from './providers/provider-error.ts';

const request: ChatRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'x'.repeat(400) }],
  parameters: { maxTokens: 100 },
};

/** An in-process provider whose answers the test controls. */
function stubProvider(
  answer: (n: number) => Promise<ChatResponse> | ChatResponse,
): Provider & { calls: number } {
  const p = {
    id: 'stub/m',
    simulated: false,
    calls: 0,
    async complete(): Promise<ChatResponse> {
      return answer(p.calls++);
    },
  };
  return p;
}
const ok = (): ChatResponse => ({
  text: 'ok',
  usage: { inputTokens: 100, outputTokens: 100 },
  latencyMs: 1,
  simulated: false,
});

test('requests per minute: the third call within a minute waits, on the injected clock', async () => {
  let t = 0;
  const sleeps: number[] = [];
  const c = createModelCaller({
    provider: stubProvider(ok),
    config: { requestsPerMinute: 2 },
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  });
  await c.call(request);
  await c.call(request);
  assert.deepEqual(sleeps, []);
  await c.call(request);
  assert.deepEqual(sleeps, [30_000]);
  t += 60_000;
  await c.call(request);
  assert.deepEqual(sleeps, [30_000], 'the bucket refilled');
});

test('tokens per minute counts the estimate (input + maxTokens) and corrects it with the real usage', async () => {
  let t = 0;
  const sleeps: number[] = [];
  const c = createModelCaller({
    provider: stubProvider(ok),
    config: { tokensPerMinute: 400 },
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  });
  await c.call(request); // estimate 100 + 100, real 200
  await c.call(request);
  assert.deepEqual(sleeps, []);
  await c.call(request);
  assert.deepEqual(sleeps, [30_000], '200 tokens short at 400/min');
});

test('concurrency from config bounds calls in flight', async () => {
  let inFlight = 0;
  let peak = 0;
  const provider = stubProvider(async () => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setImmediate(r));
    inFlight--;
    return ok();
  });
  const c = createModelCaller({ provider, config: { concurrency: 3 } });
  await Promise.all(Array.from({ length: 20 }, () => c.call(request)));
  assert.equal(peak, 3);
  assert.equal(c.counters.calls, 20);
  assert.equal(c.counters.inFlight, 0);
});

test('a plain Error from a custom provider is not retried; a retryable ProviderError is', async () => {
  const plain = stubProvider(() => {
    throw new Error('boom');
  });
  const c = createModelCaller({ provider: plain, sleep: async () => {} });
  await assert.rejects(
    c.call(request),
    (e: ProviderError) => e.kind === 'other' && /stub\/m: boom/.test(e.message),
  );
  assert.equal(plain.calls, 1);
  const flaky = stubProvider((n) => {
    if (n < 2) throw new ProviderError('busy', { providerId: 'stub/m', kind: 'server', retryAfterMs: 5 });
    return ok();
  });
  const sleeps: number[] = [];
  const c2 = createModelCaller({ provider: flaky, sleep: async (ms) => void sleeps.push(ms) });
  const out = await c2.call(request);
  assert.equal(out.retries, 2);
  assert.deepEqual(sleeps, [5, 5]);
  assert.equal(c2.counters.providerRequests, 3);
});

test('the pricing table fills in costUsd when the provider does not', async () => {
  const c = createModelCaller({ provider: stubProvider(ok), pricing: { 'stub/m': { input: 1, output: 2 } } });
  assert.equal((await c.call(request)).response.costUsd, 0.0003);
  const unpriced = createModelCaller({ provider: stubProvider(ok), pricing: {} });
  assert.equal((await unpriced.call(request)).response.costUsd, undefined);
});

test('a failing cache never loses a paid answer: counted, treated as a miss', async () => {
  const broken = {
    get: async () => {
      throw new Error('redis down');
    },
    set: async () => {
      throw new Error('disk full');
    },
  };
  const provider = stubProvider(ok);
  const c = createModelCaller({ provider, cache: broken });
  assert.equal((await c.call(request)).response.text, 'ok');
  assert.equal(c.counters.cacheErrors, 2);
  assert.equal(provider.calls, 1);
});
