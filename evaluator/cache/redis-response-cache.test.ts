import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import type { ChatResponse } from '../providers/provider.ts';
import { RedisResponseCache } from './redis-response-cache.ts';
import { responseCacheKey } from './response-cache.ts';

// A real Redis on loopback, with a prefix no other test uses; the keys are deleted afterwards.
const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 });
const prefix = `evohub-test:${randomUUID()}:`;

after(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const response: ChatResponse = {
  text: 'billing',
  usage: { inputTokens: 3, outputTokens: 1 },
  latencyMs: 5,
  simulated: true,
};

test('round trip, shared between instances; corrupted values are misses; TTL is set', async () => {
  await redis.connect();
  const key = responseCacheKey('simulated/ticket-triage', {
    model: 'ticket-triage',
    messages: [],
    parameters: {},
  });
  const a = new RedisResponseCache(redis, { prefix });
  const b = new RedisResponseCache(redis, { prefix, ttlSeconds: 60 });
  assert.equal(await a.get(key), undefined);
  await b.set(key, response);
  assert.deepEqual(await a.get(key), response);
  const ttl = await redis.ttl(prefix + key);
  assert.ok(ttl > 0 && ttl <= 60);
  await redis.set(`${prefix}broken`, '{"text": ');
  assert.equal(await a.get('broken'), undefined);
  await redis.set(`${prefix}foreign`, '{"hello": 1}');
  assert.equal(await a.get('foreign'), undefined);
});
