import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../core/errors.ts';
import { memoryContext } from '../context.ts';
import { operatorConfig } from './run-operator-command.ts';

test('flags and the environment make the operator configuration', () => {
  const { ctx } = memoryContext('/tmp', {
    EVOHUB_REDIS_URL: 'redis://redis:6379',
    POD_NAME: 'evohub-operator-abc',
    POD_NAMESPACE: 'evohub',
  });
  const c = operatorConfig(ctx, { jobsPerWorker: '3', argoWorkflows: true, namespace: 'team-a' });
  assert.equal(c.settings.redisUrl, 'redis://redis:6379');
  assert.equal(c.settings.jobsPerWorker, 3);
  assert.equal(c.settings.cleanupGraceSeconds, 30);
  assert.equal(c.id, 'evohub-operator-abc');
  assert.equal(c.leaderNamespace, 'evohub');
  assert.equal(c.namespace, 'team-a');
  assert.equal(c.watchWorkflows, true);
  assert.equal(c.metricsPort, 8080);
});

test('a missing Redis URL or a bad number is a usage error naming the flag', () => {
  const { ctx } = memoryContext('/tmp', {});
  assert.throws(
    () => operatorConfig(ctx, {}),
    (e: unknown) => e instanceof UsageError && /--redis/.test(e.message),
  );
  assert.throws(
    () => operatorConfig(ctx, { redis: 'redis://x:6379', metricsPort: 'abc' }),
    (e: unknown) => e instanceof UsageError && /--metrics-port/.test(e.message),
  );
});
