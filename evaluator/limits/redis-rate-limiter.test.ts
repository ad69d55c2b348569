import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { RedisRateLimiter } from './redis-rate-limiter.ts';

// A real Redis on loopback; keys under a unique prefix, deleted afterwards.
const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 });
const prefix = `evohub-test:${randomUUID()}`;

before(() => redis.connect());
after(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

function fakeClock() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

test('two workers share one requests-per-minute limit', async () => {
  const clock = fakeClock();
  const key = `${prefix}:rpm`;
  const w1 = new RedisRateLimiter({ redis, key, requestsPerMinute: 3, clock });
  const w2 = new RedisRateLimiter({ redis, key, requestsPerMinute: 3, clock });
  await w1.acquire({ requests: 1, tokens: 0 });
  await w2.acquire({ requests: 1, tokens: 0 });
  await w1.acquire({ requests: 1, tokens: 0 });
  assert.deepEqual(clock.sleeps, []);
  await w2.acquire({ requests: 1, tokens: 0 });
  assert.deepEqual(clock.sleeps, [20_000], 'the fourth request in a minute waits for one refill (60 s / 3)');
});

test('tokens per minute, corrected by adjust; Redis time works without an injected clock', async () => {
  const clock = fakeClock();
  const limiter = new RedisRateLimiter({ redis, key: `${prefix}:tpm`, tokensPerMinute: 1000, clock });
  await limiter.acquire({ requests: 1, tokens: 800 });
  await limiter.adjust(-600);
  await limiter.acquire({ requests: 1, tokens: 700 });
  assert.deepEqual(clock.sleeps, []);
  await limiter.acquire({ requests: 1, tokens: 400 });
  assert.deepEqual(clock.sleeps, [18_000]);

  const sleeps: number[] = [];
  const real = new RedisRateLimiter({
    redis,
    key: `${prefix}:real`,
    requestsPerMinute: 1,
    clock: { sleep: async (ms) => void sleeps.push(ms) },
  });
  await real.acquire({ requests: 1, tokens: 0 });
  await real.acquire({ requests: 1, tokens: 0 });
  assert.equal(sleeps.length, 1);
  assert.ok(sleeps[0]! > 50_000 && sleeps[0]! <= 60_000, String(sleeps[0]));
});
