/**
 * The response-cache port: model answers keyed by a content hash of everything that decides them
 * (`responseCacheKey` in evaluator/cache/response-cache.ts). Only successful answers are stored (the model caller
 * never caches errors). Async so that a shared implementation (Redis) fits. Implemented by
 * evaluator/cache/{memory,disk,redis}-response-cache.ts. Types only; `Answer` is the provider's response type.
 */
export interface ResponseCache<Answer> {
  get(key: string): Promise<Answer | undefined>;
  set(key: string, value: Answer): Promise<void>;
}
