/** The key of the response cache (the port: core/ports/response-cache.ts). */
import { createHash } from 'node:crypto';
import type { ChatRequest } from '../providers/provider.ts';
import { canonicalJson } from './canonical-json.ts';

/** Bump when the key's ingredients change, so old entries are not misread. */
const KEY_VERSION = 1;

/**
 * sha256 (hex) of the canonical JSON of everything that decides a model's answer: provider id, model,
 * parameters, response format and schema, rendered messages and seed. The abort signal is not part of it.
 */
export function responseCacheKey(providerId: string, request: ChatRequest): string {
  const material = canonicalJson({
    v: KEY_VERSION,
    provider: providerId,
    model: request.model,
    parameters: request.parameters,
    responseFormat: request.responseFormat,
    jsonSchema: typeof request.jsonSchema === 'string' ? parseOrKeep(request.jsonSchema) : request.jsonSchema,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    seed: request.seed,
  });
  return createHash('sha256').update(material).digest('hex');
}

/** A schema given as a JSON string and the same schema as an object give the same key. */
function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the string itself is the key's ingredient.
    return text;
  }
}
