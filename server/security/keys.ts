/**
 * API keys of `evohub serve`: `evohub_<id>_<secret>` with a 256-bit random secret. Only the key's SHA-256 is kept
 * (in `.evohub/serve-keys.json`, mode 0600, written atomically); the key itself is printed once at creation.
 * A 256-bit random key needs no slow hash: nobody can guess one, so a fast digest is as safe as scrypt here.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readTextOrNull } from '../../adapters/git/working-tree.ts';
import { ConfigError, UsageError } from '../../core/errors.ts';
import { writeFileAtomic } from '../../core/fs/atomic-write.ts';
import { mkdirInEvohub } from '../../core/fs/evohub-dir.ts';

export const SCOPES = ['read', 'write'] as const;
export type Scope = (typeof SCOPES)[number];

export type StoredKey = { id: string; name: string; scope: Scope; sha256: string; createdAt: string };

export type KeyStore = {
  /** The key a bearer token is, or undefined when it is none of ours. */
  verify(token: string): Promise<StoredKey | undefined>;
  create(input: { scope: string; name?: string; now: Date }): Promise<{ key: string; record: StoredKey }>;
  list(): Promise<StoredKey[]>;
};

const KEY_SHAPE = /^evohub_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

const digest = (key: string) => createHash('sha256').update(key).digest('hex');

function parseKeys(text: string, file: string): StoredKey[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file} is not valid JSON: ${(e as Error).message}`, { location: { file } });
  }
  const keys = (data as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) throw new ConfigError(`${file} has no "keys" list`, { location: { file } });
  return keys.map((k, i) => {
    const r = k as Partial<StoredKey>;
    if (typeof r.id !== 'string' || typeof r.sha256 !== 'string' || !SCOPES.includes(r.scope as Scope)) {
      throw new ConfigError(`${file}: key ${i} lacks id, sha256 or a scope (read|write)`, {
        location: { file, field: `/keys/${i}` },
      });
    }
    return {
      id: r.id,
      name: r.name ?? '',
      scope: r.scope as Scope,
      sha256: r.sha256,
      createdAt: r.createdAt ?? '',
    };
  });
}

/** Writes the file with mode 0600 from its first byte (created empty and restricted, then replaced atomically). */
async function writeKeys(file: string, keys: readonly StoredKey[]): Promise<void> {
  await mkdirInEvohub(dirname(file));
  await open(file, 'a', 0o600).then((h) => h.close());
  await chmod(file, 0o600);
  await writeFileAtomic(file, `${JSON.stringify({ keys }, null, 2)}\n`);
}

/** The key store in a file; read on every check so that keys created while the server runs work at once. */
export function fileKeyStore(file: string): KeyStore {
  const load = async () => {
    const text = await readTextOrNull(file);
    return text === null ? [] : parseKeys(text, file);
  };
  return {
    list: load,
    verify: async (token) => {
      const m = KEY_SHAPE.exec(token);
      if (!m) return undefined;
      const record = (await load()).find((k) => k.id === m[1]);
      if (!record) return undefined;
      const a = Buffer.from(digest(token), 'hex');
      const b = Buffer.from(record.sha256, 'hex');
      return a.length === b.length && timingSafeEqual(a, b) ? record : undefined;
    },
    create: async ({ scope, name, now }) => {
      if (!SCOPES.includes(scope as Scope)) {
        throw new UsageError(`--scope must be read or write, got "${scope}"`);
      }
      const keys = await load();
      let id = randomBytes(4).toString('hex');
      while (keys.some((k) => k.id === id)) id = randomBytes(4).toString('hex');
      const key = `evohub_${id}_${randomBytes(32).toString('base64url')}`;
      const record: StoredKey = {
        id,
        name: name ?? '',
        scope: scope as Scope,
        sha256: digest(key),
        createdAt: now.toISOString(),
      };
      await writeKeys(file, [...keys, record]);
      return { key, record };
    },
  };
}
