import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResultsStore, RunRecord } from '../core/ports/results-store.ts';
import { cachedStore } from './store-cache.ts';

const run = (id: string): RunRecord => ({
  id,
  kind: 'eval',
  promptName: 'p',
  promptFile: 'p.prompt.yml',
  provider: 'simulated/x',
  simulated: true,
  status: 'completed',
  startedAt: '2026-01-01T00:00:00Z',
  options: {},
});

/** Counts the reads that reach the store; the cache is judged by what it lets through. */
function countingStore() {
  const calls: string[] = [];
  const store = {
    listRuns: async () => {
      calls.push('listRuns');
      return [run('a'), run('b')];
    },
    getRun: async (id: string) => {
      calls.push(`getRun ${id}`);
      return run(id);
    },
    evaluations: async (id: string) => {
      calls.push(`evaluations ${id}`);
      return [];
    },
    close: async () => {},
  } as unknown as ResultsStore;
  return { store, calls };
}

test('reads repeat from the cache until the version token changes; a failed read is not kept', async () => {
  const { store, calls } = countingStore();
  let version = 'v1';
  const cached = cachedStore(store, async () => version);
  assert.equal((await cached.getRun('a'))?.id, 'a');
  await cached.getRun('a');
  assert.deepEqual(calls, ['getRun a'], 'one row read once');
  await cached.listRuns();
  await cached.listRuns();
  assert.equal((await cached.getRun('b'))?.id, 'b', 'from the list once it is at hand');
  await cached.evaluations('a');
  await cached.evaluations('a');
  assert.deepEqual(calls, ['getRun a', 'listRuns', 'evaluations a']);
  version = 'v2';
  await cached.evaluations('a');
  assert.deepEqual(calls.slice(3), ['evaluations a'], 'a changed store is read again');

  let fail = true;
  const flaky = {
    ...store,
    evaluations: async () => {
      if (fail) throw new Error('locked');
      return [];
    },
  } as ResultsStore;
  const c2 = cachedStore(flaky, async () => 'v');
  await assert.rejects(c2.evaluations('x'), /locked/);
  fail = false;
  assert.deepEqual(await c2.evaluations('x'), []);
});

test('without a version token nothing is cached', async () => {
  const { store } = countingStore();
  assert.equal(cachedStore(store, undefined), store);
});
