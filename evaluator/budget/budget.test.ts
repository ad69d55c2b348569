import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Reservation } from '../../core/ports/budget.ts';
import { BudgetExceeded, isBudgetExceeded, MemoryBudget } from './budget.ts';

test('an evaluation ceiling allows exactly N calls; a reservation beyond waits for calls in flight, then is refused', async () => {
  const budget = new MemoryBudget({ maxEvaluations: 3 });
  const a = await budget.reserve({ usd: 0 });
  const b = await budget.reserve({ usd: 0 });
  const c = await budget.reserve({ usd: 0 });
  let fourth: unknown = 'pending';
  const waiting = budget.reserve({ usd: 0 }).then(
    (r) => (fourth = r),
    (e) => (fourth = e),
  );
  await new Promise((r) => setImmediate(r));
  assert.equal(
    fourth,
    'pending',
    'three in flight: the fourth waits (one of them may fail and give its slot back)',
  );
  await budget.release(c); // c failed: its evaluation is free again
  await waiting;
  assert.equal((fourth as unknown as Reservation).evaluations, 1);
  await budget.settle(a, { usd: 0 });
  await budget.settle(b, { usd: 0 });
  await budget.settle(fourth as never, { usd: 0 });
  await assert.rejects(budget.reserve({ usd: 0 }), (e: unknown) => {
    assert.ok(isBudgetExceeded(e));
    assert.equal(e.limit, 'evaluations');
    assert.equal(e.max, 3);
    assert.equal(e.code, 'BUDGET');
    assert.match(e.message, /evaluation budget of 3 reached.*stopping before crossing it/);
    return true;
  });
  const usage = await budget.usage();
  assert.deepEqual(usage, {
    evaluations: 3,
    usd: 0,
    reservedEvaluations: 0,
    reservedUsd: 0,
    exhausted: true,
  });
});

test('USD: worst cases in flight make others wait; the real (lower) costs let them in; never crosses', async () => {
  const budget = new MemoryBudget({ maxUsd: 1 });
  const a = await budget.reserve({ usd: 0.6 });
  let second: unknown = 'pending';
  const waiting = budget.reserve({ usd: 0.6 }).then((r) => (second = r));
  await new Promise((r) => setImmediate(r));
  assert.equal(second, 'pending');
  await budget.settle(a, { usd: 0.2 });
  await waiting;
  assert.equal((await budget.usage()).reservedUsd, 0.6);
  let third: unknown = 'pending';
  const refused = budget.reserve({ usd: 0.6 }).catch((e) => (third = e));
  await budget.settle(second as never, { usd: 0.3 });
  await refused;
  assert.ok(third instanceof BudgetExceeded, '0.5 spent + 0.6 can never fit');
  assert.equal(third.limit, 'usd');
  // Refused once: the run is to stop, so later reservations fail too, even small ones.
  await assert.rejects(budget.reserve({ usd: 0.01 }), BudgetExceeded);
  const usage = await budget.usage();
  assert.equal(usage.usd, 0.5);
  assert.equal(usage.reservedUsd, 0);
});

test('many concurrent calls near the ceiling: all that fit run, the spend never crosses it', async () => {
  const budget = new MemoryBudget({ maxUsd: 0.1 });
  let peak = 0;
  const results = await Promise.allSettled(
    Array.from({ length: 200 }, async () => {
      const r = await budget.reserve({ usd: 0.01 }); // worst case 0.01
      const u = await budget.usage();
      peak = Math.max(peak, u.usd + u.reservedUsd);
      await new Promise((res) => setImmediate(res));
      await budget.settle(r, { usd: 0.002 }); // real cost 0.002
    }),
  );
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  assert.ok(peak <= 0.1 + 1e-9, `peak commitment ${peak}`);
  assert.ok(
    ok >= 46 && ok <= 50,
    `${ok} calls ran: the budget admits about 0.1 / 0.002 = 50, not 0.1 / 0.01 = 10`,
  );
  assert.ok((await budget.usage()).usd <= 0.1);
});

test('release returns a reservation unspent; settle and release are idempotent', async () => {
  const budget = new MemoryBudget({ maxEvaluations: 1, maxUsd: 1 });
  const a = await budget.reserve({ usd: 0.9 });
  await budget.release(a);
  await budget.release(a);
  const b = await budget.reserve({ usd: 0.9 });
  await budget.settle(b, { usd: 0.5 });
  await budget.settle(b, { usd: 0.5 });
  assert.deepEqual(await budget.usage(), {
    evaluations: 1,
    usd: 0.5,
    reservedEvaluations: 0,
    reservedUsd: 0,
    exhausted: false,
  });
});

test('no limits: never refuses', async () => {
  const budget = new MemoryBudget();
  for (let i = 0; i < 100; i++) await budget.settle(await budget.reserve({ usd: 10 }), { usd: 10 });
  assert.equal((await budget.usage()).usd, 1000);
});
