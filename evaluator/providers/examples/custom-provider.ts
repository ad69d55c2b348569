/**
 * An example custom provider, loaded with `model: file:./evaluator/providers/examples/custom-provider.ts#shout`
 * (the part after `#` is passed as `model`). It default-exports a factory; exporting the object returned
 * here directly (`export default { complete(request) { ... } }`) works too.
 *
 * This one calls no service: it answers with the last user message in upper case (or reversed for
 * `#reverse`). A real one would call its HTTP API here with `fetch`, passing `request.signal` so that
 * evohub's timeout can cancel it, and throw a ProviderError (see provider-error.ts) with `kind: 'rate-limit'`
 * / `'server'` / `retryAfterMs` to have the call retried.
 */
import type { CustomProvider, CustomProviderContext } from '../file-provider.ts';
import type { ChatRequest } from '../provider.ts';

export default function createProvider(ctx: CustomProviderContext): CustomProvider {
  const mode = ctx.model ?? 'shout';
  return {
    id: `example/${mode}`,
    async complete(request: ChatRequest) {
      const last = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
      const text = mode === 'reverse' ? [...last].reverse().join('') : last.toUpperCase();
      return {
        text,
        usage: { inputTokens: Math.ceil(last.length / 4), outputTokens: Math.ceil(text.length / 4) },
      };
    },
  };
}
