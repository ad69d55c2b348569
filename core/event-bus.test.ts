import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEventBus } from './event-bus.ts';
import type { ProgressEvent } from './events.ts';

const held: ProgressEvent = { type: 'held-out-started', runId: 'r', cases: 3 };

test('the bus fans one event out to every consumer, in subscription order; unsubscribe stops delivery', () => {
  const seen: string[] = [];
  const bus = createEventBus(() => assert.fail('no consumer fails'), [(e) => seen.push(`first ${e.type}`)]);
  const off = bus.subscribe((e) => seen.push(`second ${e.type}`));
  bus.emit(held);
  off();
  bus.emit({ type: 'evolve-stopped', runId: 'r', reason: 'budget' });
  assert.deepEqual(seen, ['first held-out-started', 'second held-out-started', 'first evolve-stopped']);
});

test('a consumer that throws is reported and does not stop the others', () => {
  const errors: string[] = [];
  const seen: string[] = [];
  const bus = createEventBus((error, event) => errors.push(`${event.type}: ${(error as Error).message}`));
  bus.subscribe(() => {
    throw new Error('display broke');
  });
  bus.subscribe((e) => seen.push(e.type));
  bus.emit(held);
  assert.deepEqual(errors, ['held-out-started: display broke']);
  assert.deepEqual(seen, ['held-out-started']);
});
