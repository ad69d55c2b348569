import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdirInEvohub } from '../../core/fs/evohub-dir.ts';
import type { ResponseCache } from '../../core/ports/response-cache.ts';
import type { ChatResponse } from '../providers/provider.ts';

const KEY = /^[0-9a-f]{16,128}$/;

/**
 * One JSON file per entry under `<dir>/<key[0..2]>/<key>.json` (default dir: `<repo>/.evohub/cache`).
 * Writes go to a temp file and are renamed into place, so a reader sees a whole entry or none; an entry that
 * does not parse (a crash from an older version, a disk error) is treated as a miss and overwritten later.
 */
export class DiskResponseCache implements ResponseCache<ChatResponse> {
  readonly dir: string;
  readonly #made = new Set<string>();

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
    let text: string;
    try {
      text = await readFile(this.#path(key), 'utf8');
    } catch (error) {
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
    const dir = join(this.dir, key.slice(0, 2));
    // The first write also makes `.evohub/` ignore itself (a plain repository has no .gitignore entry for it).
    if (this.#made.has(dir)) await mkdir(dir, { recursive: true });
    else {
      await mkdirInEvohub(dir);
      this.#made.add(dir);
    }
    const tmp = join(dir, `.${key}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, `${JSON.stringify({ key, response: value })}\n`);
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
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
