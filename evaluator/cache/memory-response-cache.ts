import type { ResponseCache } from '../../core/ports/response-cache.ts';
import type { ChatResponse } from '../providers/provider.ts';

/** In-process cache (tests, `--no-disk-cache` runs). Stores copies so callers cannot mutate entries. */
export class MemoryResponseCache implements ResponseCache<ChatResponse> {
  readonly #entries = new Map<string, ChatResponse>();

  async get(key: string): Promise<ChatResponse | undefined> {
    const hit = this.#entries.get(key);
    return hit === undefined ? undefined : structuredClone(hit);
  }

  async set(key: string, value: ChatResponse): Promise<void> {
    this.#entries.set(key, structuredClone(value));
  }

  get size(): number {
    return this.#entries.size;
  }
}
