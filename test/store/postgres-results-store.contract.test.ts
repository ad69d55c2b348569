import { after, test } from 'node:test';
import { PostgresResultsStore } from '../../evaluator/store/postgres/postgres-results-store.ts';
import { startTestPostgres, type TestPostgres } from './postgres-harness.ts';
import { resultsStoreContract } from './results-store.contract.ts';

const started = await startTestPostgres();
if ('skip' in started) {
  test('postgres results store contract', { skip: started.skip }, () => undefined);
} else {
  const server: TestPostgres = started.pg;
  after(() => server.stop());
  resultsStoreContract('postgres', {
    fresh: async () => {
      const url = await server.another();
      return { open: (mode) => new PostgresResultsStore(url, { mode }) };
    },
  });
}
