import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ChatRequest, ChatResponse } from '../providers/provider.ts';
import { DiskResponseCache } from './disk-response-cache.ts';
import { MemoryResponseCache } from './memory-response-cache.ts';
import { responseCacheKey } from './response-cache.ts';

const request: ChatRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Classify.' },
    { role: 'user', content: 'My card was charged twice' },
  ],
  parameters: { temperature: 0, maxTokens: 10 },
  seed: 1,
};
const response: ChatResponse = {
  text: 'billing',
  usage: { inputTokens: 10, outputTokens: 1 },
  latencyMs: 12,
  simulated: false,
};

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tempDir() {
  const d = await mkdtemp(join(tmpdir(), 'evohub-cache-'));
  dirs.push(d);
  return d;
}

test('the key ignores key order and the abort signal, and changes with anything that decides the answer', () => {
  const k = responseCacheKey('openai/gpt-4o-mini', request);
  assert.match(k, /^[0-9a-f]{64}$/);
  assert.equal(
    responseCacheKey('openai/gpt-4o-mini', {
      seed: 1,
      parameters: { maxTokens: 10, temperature: 0 },
      messages: request.messages,
      model: 'gpt-4o-mini',
      signal: new AbortController().signal,
    }),
    k,
  );
  const variants: ChatRequest[] = [
    { ...request, model: 'gpt-4o' },
    { ...request, parameters: { temperature: 0.5, maxTokens: 10 } },
    { ...request, seed: 2 },
    { ...request, responseFormat: 'json_object' },
    { ...request, messages: [...request.messages, { role: 'user', content: 'more' }] },
    { ...request, messages: [{ role: 'user', content: 'Classify.' }, request.messages[1]!] },
  ];
  for (const v of variants) assert.notEqual(responseCacheKey('openai/gpt-4o-mini', v), k);
  assert.notEqual(responseCacheKey('anthropic/gpt-4o-mini', request), k);
  // A JSON schema given as text or as an object is the same schema.
  const schema = { name: 's', schema: { type: 'object' } };
  assert.equal(
    responseCacheKey('p/m', {
      ...request,
      responseFormat: 'json_schema',
      jsonSchema: JSON.stringify(schema),
    }),
    responseCacheKey('p/m', { ...request, responseFormat: 'json_schema', jsonSchema: schema }),
  );
});

test('disk cache: round trip in sharded directories, no temp files left, survives a new instance', async () => {
  const dir = await tempDir();
  const cache = new DiskResponseCache(dir);
  const key = responseCacheKey('openai/gpt-4o-mini', request);
  assert.equal(await cache.get(key), undefined);
  await cache.set(key, response);
  assert.deepEqual(await cache.get(key), response);
  assert.deepEqual(await new DiskResponseCache(dir).get(key), response);
  assert.deepEqual(await readdir(dir), [key.slice(0, 2)]);
  assert.deepEqual(await readdir(join(dir, key.slice(0, 2))), [`${key}.json`]);
  assert.equal(DiskResponseCache.forRepo('/repo').dir, join('/repo', '.evohub', 'cache'));
});

test('disk cache: a corrupted or foreign entry is a miss, and a later set repairs it', async () => {
  const dir = await tempDir();
  const cache = new DiskResponseCache(dir);
  const key = responseCacheKey('x/y', request);
  await cache.set(key, response);
  const file = join(dir, key.slice(0, 2), `${key}.json`);
  await writeFile(file, '{"key": "trunc');
  assert.equal(await cache.get(key), undefined);
  await writeFile(file, JSON.stringify({ key: 'f'.repeat(64), response }));
  assert.equal(await cache.get(key), undefined, 'an entry stored under another key is not returned');
  await writeFile(file, JSON.stringify({ key, response: { text: 1 } }));
  assert.equal(await cache.get(key), undefined);
  await cache.set(key, response);
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')).response, response);
});

test('disk cache rejects keys that are not digests (no path tricks)', async () => {
  const cache = new DiskResponseCache(await tempDir());
  await assert.rejects(cache.get('../../etc/passwd'), /invalid cache key/);
});

test('memory cache stores copies', async () => {
  const cache = new MemoryResponseCache();
  await cache.set('k', response);
  const got = await cache.get('k');
  assert.deepEqual(got, response);
  got!.text = 'changed';
  assert.equal((await cache.get('k'))!.text, 'billing');
  assert.equal(await cache.get('other'), undefined);
});

test('disk cache: many writes at once land whole, a removed shard folder is made again, failures reject', async () => {
  const dir = await tempDir();
  const cache = new DiskResponseCache(join(dir, '.evohub', 'cache'));
  const keys = Array.from({ length: 300 }, (_, i) => responseCacheKey('x/y', { ...request, seed: i }));
  await Promise.all(keys.map((k, i) => cache.set(k, { ...response, text: `answer ${i}` })));
  for (const [i, k] of keys.entries()) assert.equal((await cache.get(k))?.text, `answer ${i}`);
  assert.equal(await readFile(join(dir, '.evohub', '.gitignore'), 'utf8'), '*\n', '.evohub ignores itself');
  const shards = await readdir(cache.dir);
  const names = (await Promise.all(shards.map((s) => readdir(join(cache.dir, s))))).flat();
  assert.equal(names.length, 300);
  assert.ok(
    names.every((n) => n.endsWith('.json')),
    'no temp files left',
  );

  const key = keys[0] as string;
  await rm(join(cache.dir, key.slice(0, 2)), { recursive: true });
  assert.equal(await cache.get(key), undefined);
  await cache.set(key, response);
  assert.deepEqual(await cache.get(key), response);

  // A shard "folder" that is a file: the write fails and says so; the cache keeps working for other shards.
  const other = keys.find((k) => k.slice(0, 2) !== key.slice(0, 2)) as string;
  await rm(join(cache.dir, other.slice(0, 2)), { recursive: true });
  await writeFile(join(cache.dir, other.slice(0, 2)), 'not a folder');
  await assert.rejects(cache.set(other, response), /response cache write failed/);
  await cache.set(key, { ...response, text: 'still works' });
  assert.equal((await cache.get(key))?.text, 'still works');
});
