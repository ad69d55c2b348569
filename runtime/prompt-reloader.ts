import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { type DirSource, type LoadedPrompt, loadPrompt } from './load-prompt.ts';

export type PromptReloader = {
  /** The current version: re-read only when the ConfigMap was updated since the last call. */
  get(): Promise<LoadedPrompt>;
};

/**
 * Follows ConfigMap updates without re-reading the file on every request: each `get()` costs one `realpath`
 * of `..data` (the link the kubelet swaps on an update) and reloads only when its target changed. A directory
 * without `..data` (not a ConfigMap mount) is loaded once.
 */
export function createPromptReloader(source: DirSource): PromptReloader {
  let snapshot: string | null | undefined;
  let current: Promise<LoadedPrompt> | undefined;
  return {
    async get() {
      // Not a ConfigMap mount (no ..data link): nothing is swapped in, so the first load is kept.
      const now = await realpath(join(source.dir, '..data')).catch(() => null);
      if (!current || now !== snapshot) {
        snapshot = now;
        current = loadPrompt(source);
        // A failed load is not cached: the next call tries again.
        current.catch(() => {
          if (snapshot === now) current = undefined;
        });
      }
      return current;
    },
  };
}
