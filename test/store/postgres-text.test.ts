import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { PostgresResultsStore, pgJson } from '../../evaluator/store/postgres/postgres-results-store.ts';
import { startTestPostgres } from './postgres-harness.ts';
import { evaluation, run } from './results-store.contract.ts';

const started = await startTestPostgres();
after(async () => {
  if ('pg' in started) await started.pg.stop();
});

test('pgJson replaces NUL escapes but leaves an escaped backslash followed by u0000 alone', () => {
  assert.equal(pgJson({ a: 'x\u0000y' }), '{"a":"x\\ufffdy"}');
  assert.equal(pgJson({ a: '\\u0000' }), '{"a":"\\\\u0000"}');
  assert.equal(JSON.parse(pgJson({ a: '\\\u0000' })).a, '\\\uFFFD');
});

describe('PostgreSQL text', { skip: 'skip' in started ? started.skip : false }, () => {
  test('a NUL character in an output or a checkpoint is stored as U+FFFD instead of failing every flush', async () => {
    const url = 'pg' in started ? await started.pg.another() : '';
    const store = new PostgresResultsStore(url, { mode: 'write' });
    await store.saveRun({ ...run, note: 'stopped\u0000' });
    await store.appendEvaluations([evaluation(0, { output: 'bill\u0000ing', error: 'e\u0000' })]);
    await store.flush();
    await store.saveCheckpoint('evo', 1, { best: 'a\u0000b', literal: '\\u0000' }, []);
    const [ev] = await store.evaluations('run-1');
    assert.equal(ev?.output, 'bill\uFFFDing');
    assert.equal(ev?.error, 'e\uFFFD');
    assert.equal((await store.getRun('run-1'))?.note, 'stopped\uFFFD');
    assert.deepEqual((await store.latestCheckpoint('evo'))?.state, { best: 'a\uFFFDb', literal: '\\u0000' });
    await store.close();
  });
});
