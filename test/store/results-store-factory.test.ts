import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { EvohubError } from '../../core/errors.ts';
import { DuckDbResultsStore } from '../../evaluator/store/duckdb-results-store.ts';
import { PostgresResultsStore } from '../../evaluator/store/postgres/postgres-results-store.ts';
import { scrubPostgresText } from '../../evaluator/store/postgres/postgres-url.ts';
import {
  describeResultsLocation,
  openResultsStoreAt,
  resultsLocation,
} from '../../evaluator/store/results-store-factory.ts';

const repoRoot = '/repo';

test('the location comes from the flag, else EVOHUB_RESULTS_URL, else evohub.yaml, else the DuckDB file', () => {
  const env = { EVOHUB_RESULTS_URL: 'postgres://env@h/db' };
  const config = { results: 'postgres://cfg@h/db' };
  assert.equal(
    resultsLocation({ flag: 'postgres://flag@h/db', env, config, repoRoot }),
    'postgres://flag@h/db',
  );
  assert.equal(resultsLocation({ env, config, repoRoot }), 'postgres://env@h/db');
  assert.equal(resultsLocation({ env: {}, config, repoRoot }), 'postgres://cfg@h/db');
  assert.equal(resultsLocation({ repoRoot }), join(repoRoot, '.evohub', 'results.duckdb'));
});

test('the scheme picks the store; paths are DuckDB files relative to the repository; unknown schemes are refused', () => {
  const pg = openResultsStoreAt('postgresql://u@h:5432/db', { repoRoot, mode: 'read' });
  assert.ok(pg instanceof PostgresResultsStore);
  const duck = openResultsStoreAt('data/results.duckdb', { repoRoot, mode: 'read' });
  assert.ok(duck instanceof DuckDbResultsStore);
  assert.equal(duck.path, join(repoRoot, 'data/results.duckdb'));
  assert.equal(
    (openResultsStoreAt('duckdb:/abs/r.duckdb', { repoRoot, mode: 'read' }) as DuckDbResultsStore).path,
    '/abs/r.duckdb',
  );
  assert.throws(
    () => openResultsStoreAt('mysql://root:pw@h/db', { repoRoot, mode: 'read' }),
    (e: unknown) =>
      e instanceof EvohubError &&
      /unknown results store "mysql:\/\/h\/db"/.test(e.message) &&
      !e.message.includes('pw') &&
      /postgres:\/\//.test(e.hint ?? ''),
  );
});

test('URLs in messages lose their credentials; text echoing the password is scrubbed', () => {
  assert.equal(describeResultsLocation('postgres://evohub:s3cr%40t@db:5432/x'), 'postgres://db:5432/x');
  assert.equal(describeResultsLocation('.evohub/results.duckdb'), '.evohub/results.duckdb');
  const url = 'postgres://evohub:s3cr%40t@db:5432/x';
  assert.equal(
    scrubPostgresText(`connect ${url} failed; password s3cr@t rejected`, url),
    'connect postgres://db:5432/x failed; password *** rejected',
  );
});
