/**
 * Test helper run as a child process: writes `batches` batches of evaluations to the store at argv[2],
 * printing `batch <n>` after each and then waiting for a line on stdin, so that a test in another process can
 * read between batches while this writer is mid-run (lock-step: no timing involved).
 */
import { createInterface } from 'node:readline';
import { DuckDbResultsStore } from './duckdb-results-store.ts';

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
  const rows = Array.from({ length: size }, () => ({
    runId: 'writer-run',
    seq: seq++,
    promptHash: 'h',
    caseId: String(seq),
    caseIndex: seq,
    repeat: 0,
    output: 'x'.repeat(100),
    metrics: { acc: seq % 2 },
    passes: { acc: seq % 2 === 1 },
    latencyMs: 1,
    inputTokens: 1,
    outputTokens: 1,
    model: 'simulated/x',
    cached: false,
    createdAt: now,
  }));
  await store.appendEvaluations(rows);
  await store.flush();
  process.stdout.write(`batch ${b}\n`);
  await lines.next();
}
await store.close();
process.stdout.write('done\n');
process.stdin.destroy();
