/**
 * Test helper run as a child process: writes `batches` batches of evaluations to the store at argv[2],
 * printing `batch <n>` after each and then waiting for a line on stdin, so that a test in another process can
 * read between batches while this writer is mid-run (lock-step: no timing involved).
 */
import { createInterface } from 'node:readline';
import { DuckDbResultsStore } from './duckdb-results-store.ts';
import { evaluationFixture } from './evaluation-record.fixture.ts';

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

const [path, batchesText, sizeText] = process.argv.slice(2);
const batches = Number(batchesText ?? 20);
const size = Number(sizeText ?? 200);
const store = new DuckDbResultsStore(path as string, { mode: 'write', batchSize: size });
const now = new Date().toISOString();
await store.saveRun({
  id: 'writer-run',
  kind: 'eval',
  promptName: 'p',
  promptFile: 'p.prompt.yml',
  provider: 'simulated/x',
  simulated: true,
  status: 'running',
  startedAt: now,
  options: {},
});
let seq = 0;
for (let b = 0; b < batches; b++) {
  const rows = Array.from({ length: size }, () => {
    const n = seq++;
    return evaluationFixture('writer-run', n, {
      caseId: String(n + 1),
      caseIndex: n + 1,
      output: 'x'.repeat(100),
      createdAt: now,
    });
  });
  await store.appendEvaluations(rows);
  await store.flush();
  process.stdout.write(`batch ${b}\n`);
  await lines.next();
}
await store.close();
process.stdout.write('done\n');
process.stdin.destroy();
