import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkQueue } from './work-queue.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

test('a key added many times while waiting is processed once', async () => {
  const q = new WorkQueue({ workers: 1 });
  const seen: string[] = [];
  const gate = deferred();
  const done = deferred();
  q.start(async (key) => {
    seen.push(key);
    if (key === 'ns/a') await gate.promise;
    if (seen.length === 2) done.resolve();
    return undefined;
  });
  q.add('ns/a'); // taken at once, blocks the only worker
  q.add('ns/b');
  q.add('ns/b');
  q.add('ns/b');
  assert.equal(q.length, 1);
  gate.resolve();
  await done.promise;
  await q.stop();
  assert.deepEqual(seen, ['ns/a', 'ns/b']);
});

test('an event during processing runs the key again afterwards, never concurrently', async () => {
  const q = new WorkQueue({ workers: 4 });
  let inFlight = 0;
  let maxInFlight = 0;
  let runs = 0;
  const first = deferred();
  const second = deferred();
  q.start(async () => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    runs++;
    if (runs === 1) await first.promise;
    inFlight--;
    if (runs === 2) second.resolve();
    return undefined;
  });
  q.add('ns/a');
  q.add('ns/a'); // dirty: the key is being processed
  first.resolve();
  await second.promise;
  await q.stop();
  assert.equal(runs, 2);
  assert.equal(maxInFlight, 1);
});

test('a failing key is retried with exponential backoff', async () => {
  const attempts: number[] = [];
  const q = new WorkQueue({ baseDelayMs: 1, maxDelayMs: 8, onError: (_k, _e, n) => attempts.push(n) });
  const done = deferred();
  let calls = 0;
  q.start(async () => {
    calls++;
    if (calls < 4) throw new Error('conflict');
    done.resolve();
    return undefined;
  });
  q.add('ns/a');
  await done.promise;
  await q.stop();
  assert.deepEqual(attempts, [1, 2, 3]);
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => q.backoff(n)),
    [1, 2, 4, 8, 8, 8],
  );
});
