import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costOf, DEFAULT_MAX_OUTPUT_TOKENS, priceOf, worstCaseCost } from './pricing.ts';

test('exact keys and the longest matching prefix pattern', () => {
  assert.deepEqual(priceOf('openai/gpt-4o'), { input: 2.5, output: 10 });
  assert.deepEqual(priceOf('openai/gpt-4o-mini-2024-07-18'), { input: 0.15, output: 0.6 });
  assert.deepEqual(priceOf('openai/gpt-4.1-nano'), { input: 0.1, output: 0.4 });
  assert.deepEqual(priceOf('simulated/ticket-triage'), { input: 0.5, output: 1.5 });
  assert.equal(priceOf('ollama/llama3'), undefined);
});

test('costOf: USD per million tokens; unknown model → undefined', () => {
  assert.equal(costOf('openai/gpt-4o', { inputTokens: 1_000_000, outputTokens: 100_000 }), 3.5);
  assert.equal(costOf('ollama/llama3', { inputTokens: 10, outputTokens: 10 }), undefined);
  assert.equal(costOf('x', { inputTokens: 1, outputTokens: 1 }, { x: { input: 1e6, output: 0 } }), 1);
});

test('the worst case bounds the real cost from above', () => {
  const messages = [{ role: 'user' as const, content: 'héllo wörld, classify this ticket please' }];
  const worst = worstCaseCost('openai/gpt-4o', { messages, parameters: { maxTokens: 5 } });
  const real = costOf('openai/gpt-4o', {
    inputTokens: Math.ceil(messages[0]!.content.length / 2),
    outputTokens: 5,
  })!;
  assert.ok(worst >= real);
  const unbounded = worstCaseCost('openai/gpt-4o', { messages, parameters: {} });
  assert.ok(unbounded >= (DEFAULT_MAX_OUTPUT_TOKENS * 10) / 1e6);
  assert.equal(worstCaseCost('ollama/llama3', { messages, parameters: {} }), 0);
});
