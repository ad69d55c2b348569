/**
 * A writing process for the concurrency test: `pg-writer.fixture.ts <url> <name> <batches> <size>` writes
 * its own run `<name>` and the run `shared` (the same rows as every other writer: duplicates must be absorbed),
 * one flush per batch, then prints `done`.
 */
import { PostgresResultsStore } from '../../evaluator/store/postgres/postgres-results-store.ts';
import { evaluation, run } from './results-store.contract.ts';

const [url, name, batches, size] = process.argv.slice(2) as [string, string, string, string];
const store = new PostgresResultsStore(url, { mode: 'write', batchSize: 1_000_000 });
await store.saveRun({ ...run, id: name });
await store.saveRun({ ...run, id: 'shared' });
for (let b = 0; b < Number(batches); b++) {
  const rows = [];
  for (let i = 0; i < Number(size); i++) {
    const seq = b * Number(size) + i;
    rows.push(evaluation(seq, { runId: name }), evaluation(seq, { runId: 'shared' }));
  }
  await store.appendEvaluations(rows);
  await store.flush();
}
await store.close();
process.stdout.write('done\n');
