import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { deleteKeys } from '../redis/connection.ts';
import { EVALUATION_QUEUE } from './job.ts';
import { readQueueDepth } from './queue-depth.ts';

const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const prefix = `evohub-test-depth-${randomUUID().slice(0, 8)}`;
after(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

test('counts the jobs BullMQ keeps waiting, prioritised and active under the run prefix', async () => {
  assert.equal(await readQueueDepth(redis, prefix), 0);
  const queue = new Queue(EVALUATION_QUEUE, { connection: redis, prefix });
  await queue.add('a', {});
  await queue.add('b', {});
  await queue.add('c', {}, { priority: 3 });
  await queue.close();
  assert.equal(await readQueueDepth(redis, prefix), 3);
});
