import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock } from '../../test/support/fake-clock.ts';
import { LocalRateLimiter, TokenBucket } from './rate-limiter.ts';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter } from './retry.ts';
import { Semaphore } from './semaphore.ts';
import { withTimeout } from './timeout.ts';

test('token bucket: a full bucket serves a burst, then waits follow the refill rate', () => {
  const bucket = new TokenBucket(60, 0); // one per second
  for (let i = 0; i < 60; i++) assert.equal(bucket.take(1, 0), 0);
  assert.equal(bucket.take(1, 0), 1000);
  assert.equal(bucket.take(1, 0), 2000, 'reservations queue up behind each other');
  assert.equal(
    bucket.take(1, 5000),
    0,
    'after 5 s the two reservations are paid off and there are tokens again',
  );
});

test('rate limiter: requests per minute with an injected clock', async () => {
  const clock = fakeClock();
  const limiter = new LocalRateLimiter({ requestsPerMinute: 2 }, clock);
  await limiter.acquire({ requests: 1, tokens: 0 });
  await limiter.acquire({ requests: 1, tokens: 0 });
  assert.deepEqual(clock.sleeps, []);
  await limiter.acquire({ requests: 1, tokens: 0 });
  assert.deepEqual(clock.sleeps, [30_000]);
});

test('rate limiter: tokens per minute, corrected by the real usage', async () => {
  const clock = fakeClock();
  const limiter = new LocalRateLimiter({ tokensPerMinute: 1000 }, clock);
  await limiter.acquire({ requests: 1, tokens: 800 });
  await limiter.adjust(-600); // used 200, not 800
  await limiter.acquire({ requests: 1, tokens: 700 });
  assert.deepEqual(clock.sleeps, [], '200 + 700 fit in 1000');
  await limiter.acquire({ requests: 1, tokens: 400 });
  assert.equal(clock.sleeps.length, 1);
  assert.equal(clock.sleeps[0], 18_000, '300 tokens short at 1000/min = 18 s');
});

test('semaphore: never more than max in flight, FIFO hand-over', async () => {
  const sem = new Semaphore(2);
  const order: number[] = [];
  let peak = 0;
  let gate!: () => void;
  const opened = new Promise<void>((r) => (gate = r));
  const jobs = [0, 1, 2, 3, 4].map(async (i) => {
    const release = await sem.acquire();
    peak = Math.max(peak, sem.inFlight);
    order.push(i);
    if (i < 2) await opened;
    release();
    release(); // a second release is ignored
  });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, [0, 1]);
  assert.equal(sem.waiting, 3);
  gate();
  await Promise.all(jobs);
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
  assert.equal(peak, 2);
  assert.equal(sem.inFlight, 0);
  assert.throws(() => new Semaphore(0), /at least 1/);
});

test('backoff: full jitter below an exponential cap; Retry-After wins, clamped', () => {
  const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(
    backoffDelay(0, p, () => 0.999),
    99,
  );
  assert.equal(
    backoffDelay(3, p, () => 0.5),
    400,
  );
  assert.equal(
    backoffDelay(10, p, () => 0.999),
    999,
  );
  assert.equal(
    backoffDelay(0, p, () => 0),
    0,
  );
  assert.equal(
    backoffDelay(5, p, () => 0.9, 2000),
    2000,
  );
  assert.equal(
    backoffDelay(5, p, () => 0.9, 10 * 60_000),
    p.maxRetryAfterMs,
  );
});

test('Retry-After: seconds, HTTP date, retry-after-ms, junk', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter(h({ 'retry-after': '3' }), now), 3000);
  assert.equal(parseRetryAfter(h({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now), 7000);
  assert.equal(parseRetryAfter(h({ 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' }), now), 0);
  assert.equal(parseRetryAfter(h({ 'retry-after-ms': '250', 'retry-after': '9' }), now), 250);
  assert.equal(parseRetryAfter(h({ 'retry-after': 'soon' }), now), undefined);
  assert.equal(parseRetryAfter(h({}), now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});

test('timeout: rejects with the timeout error even when the work ignores its signal', async () => {
  let sawAbort = false;
  await assert.rejects(
    withTimeout(
      (signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            reject(new Error('user aborted'));
          });
        }),
      10,
      () => new Error('timed out'),
    ),
    /timed out/,
  );
  assert.ok(sawAbort);
  await assert.rejects(
    withTimeout(
      () => new Promise(() => {}),
      10,
      () => new Error('timed out'),
    ),
    /timed out/,
  );
  assert.equal(
    await withTimeout(
      async () => 42,
      1000,
      () => new Error('x'),
    ),
    42,
  );
});
