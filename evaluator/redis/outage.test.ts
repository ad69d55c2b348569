import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { it } from 'node:test';
import { createRedisOutage, type OutageEvent } from './outage.ts';

it('one down line per outage, one back line when every failed client is ready again', () => {
  const events: OutageEvent[] = [];
  let t = 1000;
  const outage = createRedisOutage(
    'redis://127.0.0.1:1',
    (e) => events.push(e),
    () => t,
  );
  const [a, b, queue] = [new EventEmitter(), new EventEmitter(), new EventEmitter()];
  outage.watchClient(a);
  outage.watchClient(b);
  outage.watchErrors(queue);
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  for (let i = 0; i < 6; i++) for (const e of [a, b, queue]) e.emit('error', refused);
  assert.equal(outage.down, true);
  t = 3500;
  a.emit('ready');
  assert.equal(events.length, 1, 'b is still down');
  b.emit('ready');
  assert.deepEqual(
    events.map((e) => e.message),
    [
      'redis at redis://127.0.0.1:1 is unreachable (connect ECONNREFUSED 127.0.0.1:1); retrying',
      'redis at redis://127.0.0.1:1 is back after 2.5s',
    ],
  );
  assert.equal(outage.down, false);
  a.emit('error', refused);
  assert.equal(events.length, 3, 'a second outage is a new line');
});
