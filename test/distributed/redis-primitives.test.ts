import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { BudgetExceeded, isBudgetExceeded } from '../../evaluator/budget/budget.ts';
import { jobIdOf } from '../../evaluator/queue/job.ts';
import { QueueEvaluator } from '../../evaluator/queue/queue-evaluator.ts';
import { RedisBudget } from '../../evaluator/redis/redis-budget.ts';
import { RedisRateLimiter } from '../../evaluator/redis/redis-rate-limiter.ts';
import { sharedResponseCache } from '../../evaluator/redis/redis-response-cache.ts';
import { casesOf, cleanup, REDIS_URL, requestFor, uniquePrefix } from './helpers.ts';

// Two clients stand for two worker processes: they share nothing but Redis.
let a: Redis;
let b: Redis;
const prefix = uniquePrefix('prim');

before(() => {
  a = new Redis(REDIS_URL);
  b = new Redis(REDIS_URL);
});
after(async () => {
  await cleanup(a, prefix);
  a.disconnect();
  b.disconnect();
});

describe('RedisBudget', () => {
  it('never lets concurrent reservations from two clients exceed the evaluation ceiling', async () => {
    const limits = { maxEvaluations: 10 };
    const budgets = [a, b].map((redis) => new RedisBudget({ redis, prefix, budgetId: 'evals', limits }));
    let inFlight = 0;
    let spent = 0;
    let peak = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const budget = budgets[i % 2] as RedisBudget;
        try {
          const r = await budget.reserve({ usd: 0 });
          inFlight++;
          peak = Math.max(peak, inFlight + spent);
          await new Promise((res) => setImmediate(res));
          inFlight--;
          spent++;
          await budget.settle(r, { usd: 0 });
          return 'ok';
        } catch (e) {
          assert.ok(isBudgetExceeded(e), String(e));
          return 'refused';
        }
      }),
    );
    assert.equal(outcomes.filter((o) => o === 'ok').length, 10);
    assert.ok(peak <= 10, `spent + in flight reached ${peak}`);
    const usage = await (budgets[0] as RedisBudget).usage();
    assert.deepEqual(
      { e: usage.evaluations, held: usage.reservedEvaluations, ex: usage.exhausted },
      { e: 10, held: 0, ex: true },
    );
  });

  it('waits for calls in flight elsewhere, settles at the actual cost, and refuses what can never fit', async () => {
    const limits = { maxUsd: 1 };
    const [x, y] = [a, b].map((redis) => new RedisBudget({ redis, prefix, budgetId: 'usd', limits })) as [
      RedisBudget,
      RedisBudget,
    ];
    const r1 = await x.reserve({ usd: 0.8 });
    // Fits only once r1 settles below its worst case: y waits rather than failing.
    const pending = y.reserve({ usd: 0.5 });
    await x.settle(r1, { usd: 0.3 });
    const r2 = await pending;
    await y.settle(r2, { usd: 0.5 });
    await y.settle(r2, { usd: 0.5 }); // a second settle is a no-op, not a double count
    const usage = await x.usage();
    assert.ok(Math.abs(usage.usd - 0.8) < 1e-9, String(usage.usd));
    await assert.rejects(x.reserve({ usd: 0.3 }), (e) => e instanceof BudgetExceeded && e.limit === 'usd');
  });

  it('counts a reservation whose worker died (lease expired) as spent, so the ceiling holds', async () => {
    const limits = { maxEvaluations: 2 };
    const dead = new RedisBudget({ redis: a, prefix, budgetId: 'lease', limits, leaseMs: 1 });
    await dead.reserve({ usd: 0 }); // never settled: its process was killed
    const live = new RedisBudget({ redis: b, prefix, budgetId: 'lease', limits });
    const r = await live.reserve({ usd: 0 });
    await live.settle(r, { usd: 0 });
    await assert.rejects(live.reserve({ usd: 0 }), isBudgetExceeded);
    assert.equal((await live.usage()).evaluations, 2);
  });
});

describe('RedisRateLimiter', () => {
  it('shares one request bucket between clients: a minute of requests passes, the next one waits', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const opts = { prefix, providerId: 'local/m', requestsPerMinute: 60, sleep };
    const limiters = [
      new RedisRateLimiter({ ...opts, redis: a }),
      new RedisRateLimiter({ ...opts, redis: b }),
    ];
    for (let i = 0; i < 60; i++)
      await (limiters[i % 2] as RedisRateLimiter).acquire({ requests: 1, tokens: 0 });
    assert.deepEqual(waits, []);
    await (limiters[1] as RedisRateLimiter).acquire({ requests: 1, tokens: 0 });
    assert.equal(waits.length, 1);
    const wait = Number(waits.at(0));
    assert.ok(wait > 0 && wait <= 1000, String(wait));
  });

  it('charges tokens and takes corrections from either client', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const opts = { prefix, providerId: 'local/t', tokensPerMinute: 1000, sleep };
    const x = new RedisRateLimiter({ ...opts, redis: a });
    const y = new RedisRateLimiter({ ...opts, redis: b });
    await x.acquire({ requests: 1, tokens: 900 });
    await y.adjust(-800); // used 800 fewer than estimated: given back
    await y.acquire({ requests: 1, tokens: 800 });
    assert.deepEqual(waits, []);
    await x.adjust(500); // used 500 more than estimated
    await x.acquire({ requests: 1, tokens: 100 });
    assert.equal(waits.length, 1);
  });
});

describe('shared response cache and job ids', () => {
  it('an answer stored by one client is a hit for another', async () => {
    const response = {
      text: 'ok',
      usage: { inputTokens: 3, outputTokens: 1 },
      latencyMs: 5,
      simulated: false,
    };
    await sharedResponseCache(a, prefix).set('k1', response);
    assert.deepEqual(await sharedResponseCache(b, prefix).get('k1'), response);
    assert.equal(await sharedResponseCache(b, prefix).get('k2'), undefined);
  });

  it('job ids are hashes of content: equal for the same batch, different for other cases or runs', () => {
    const qe = new QueueEvaluator({ redisUrl: REDIS_URL, prefix }, {} as never);
    const ids = (r: Parameters<QueueEvaluator['specsOf']>[0]) => qe.specsOf(r).map((s) => s.id);
    const base = requestFor('run-a', 'http://x/v1', casesOf(12));
    assert.equal(ids(base).length, 3);
    assert.deepEqual(ids(base), ids({ ...base, concurrency: 99 }));
    // A resumed coordinator pays from a budget of its own: the same batch is still the same job.
    assert.deepEqual(ids(base), ids({ ...base, budget: { id: 'other', limits: { maxEvaluations: 5 } } }));
    assert.notDeepEqual(ids(base), ids({ ...base, runId: 'run-b' }));
    assert.notDeepEqual(ids(base), ids({ ...base, plan: casesOf(12, 1) }));
    assert.equal(new Set(ids(base)).size, 3);
    assert.match(jobIdOf(qe.specsOf(base)[0]?.spec as never), /^ev-[0-9a-f]{40}$/);
  });
});
