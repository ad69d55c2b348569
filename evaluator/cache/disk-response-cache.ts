import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mkdirInEvohub } from '../../core/fs/evohub-dir.ts';
import type { ResponseCache } from '../../core/ports/response-cache.ts';
import type { ChatResponse } from '../providers/provider.ts';
import { CacheWriter } from './cache-writer.ts';

const KEY = /^[0-9a-f]{16,128}$/;

/**
 * One JSON file per entry under `<dir>/<key[0..2]>/<key>.json` (default dir: `<repo>/.evohub/cache`).
 * Writes go to a temp file and are renamed into place, so a reader sees a whole entry or none; an entry that
 * does not parse (a crash from an older version, a disk error) is treated as a miss and overwritten later.
 *
 * Reads are synchronous (a stat, and a read for a hit: a few microseconds on a local disk, and no exception
 * for a miss); writes go to a worker thread in batches (cache-writer.ts). At 1,000 evaluations a second the
 * promise-based version cost a fifth of `evohub eval`'s CPU (bench/cli-eval-throughput.ts).
 */
export class DiskResponseCache implements ResponseCache<ChatResponse> {
  readonly dir: string;
  readonly #writer = new CacheWriter();
  /** Temp names: this instance's random part and a counter (unique without a random draw per entry). */
  readonly #tmpTag = `${process.pid}.${randomBytes(4).toString('hex')}`;
  #tmpSeq = 0;
  #root: Promise<void> | undefined;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The default location for a repository. */
  static forRepo(repoRoot: string): DiskResponseCache {
    return new DiskResponseCache(join(repoRoot, '.evohub', 'cache'));
  }

  #path(key: string): string {
    if (!KEY.test(key)) throw new Error(`invalid cache key ${JSON.stringify(key)} (expected a hex digest)`);
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<ChatResponse | undefined> {
    const path = this.#path(key);
    // A miss, the common case of a new run, costs one stat and no exception.
    if (!statSync(path, { throwIfNoEntry: false })) return undefined;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      // Removed between the stat and the read: a miss.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const entry = JSON.parse(text) as { key?: string; response?: ChatResponse };
      if (entry.key !== key || !isResponse(entry.response)) return undefined;
      return entry.response;
    } catch {
      // A corrupt entry (not JSON) is a cache miss: the model is asked again and the entry rewritten.
      return undefined;
    }
  }

  async set(key: string, value: ChatResponse): Promise<void> {
    const path = this.#path(key);
    // The first write also makes `.evohub/` ignore itself (a plain repository has no .gitignore entry for it).
    this.#root ??= mkdirInEvohub(this.dir).catch((error: unknown) => {
      this.#root = undefined; // the next write tries again
      throw error;
    });
    await this.#root;
    const dir = join(this.dir, key.slice(0, 2));
    const tmp = join(dir, `.${key}.${this.#tmpTag}.${++this.#tmpSeq}.tmp`);
    await this.#writer.write(dir, tmp, path, `${JSON.stringify({ key, response: value })}\n`);
  }
}

function isResponse(v: unknown): v is ChatResponse {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  const usage = r.usage as Record<string, unknown> | undefined;
  return (
    typeof r.text === 'string' &&
    typeof r.latencyMs === 'number' &&
    typeof r.simulated === 'boolean' &&
    usage !== undefined &&
    typeof usage.inputTokens === 'number' &&
    typeof usage.outputTokens === 'number'
  );
}
