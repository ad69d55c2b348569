import type { ChatRequest, Usage } from '../providers/provider.ts';
import table from './pricing.json' with { type: 'json' };

/** USD per one million tokens. */
export type Price = { input: number; output: number };
export type PricingTable = Readonly<Record<string, Price>>;

export const DEFAULT_PRICING: PricingTable = table.models;

/** When a request sets no `maxTokens`, the worst case assumes this many output tokens. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/** The price for a provider reference: an exact key, else the longest `prefix*` key that matches. */
export function priceOf(providerId: string, pricing: PricingTable = DEFAULT_PRICING): Price | undefined {
  const exact = pricing[providerId];
  if (exact) return exact;
  let best: { len: number; price: Price } | undefined;
  for (const [key, price] of Object.entries(pricing)) {
    if (!key.endsWith('*')) continue;
    const stem = key.slice(0, -1);
    if (providerId.startsWith(stem) && (!best || stem.length > best.len)) best = { len: stem.length, price };
  }
  return best?.price;
}

/** Cost in USD of a call's usage, or undefined when the model has no known price (e.g. a local server). */
export function costOf(
  providerId: string,
  usage: Usage,
  pricing: PricingTable = DEFAULT_PRICING,
): number | undefined {
  const price = priceOf(providerId, pricing);
  if (!price) return undefined;
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}

/**
 * An upper bound on what a request can cost: every UTF-8 byte of the messages counted as a token (tokenizers
 * never produce more tokens than bytes, plus a little per-message overhead) and `maxTokens` output tokens.
 * Unknown price → 0 (documented: a budget in USD cannot bound an unpriced model; the evaluation count still can).
 */
export function worstCaseCost(
  providerId: string,
  request: Pick<ChatRequest, 'messages' | 'parameters'>,
  pricing: PricingTable = DEFAULT_PRICING,
): number {
  const price = priceOf(providerId, pricing);
  if (!price) return 0;
  const usage = {
    inputTokens: worstCaseInputTokens(request),
    outputTokens: request.parameters.maxTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
  };
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}

export function worstCaseInputTokens(request: Pick<ChatRequest, 'messages'>): number {
  let n = 0;
  for (const m of request.messages) n += Buffer.byteLength(m.content, 'utf8') + 8;
  return n;
}

/** The usual estimate (about four characters per token), for rate limiting and the simulator. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
