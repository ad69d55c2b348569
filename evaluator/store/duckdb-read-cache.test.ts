import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { appendEvaluationRows } from './duckdb-evaluations.ts';
import { migrateDuckDb } from './duckdb-migrate.ts';
import { withConnection } from './duckdb-open.ts';
import { DuckDbResultsStore } from './duckdb-results-store.ts';
import { evaluationFixture } from './evaluation-record.fixture.ts';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDb(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'evohub-read-cache-'));
  dirs.push(d);
  return join(d, '.evohub', 'results.duckdb');
}

const row = (runId: string, seq: number) =>
  evaluationFixture(runId, seq, { output: 'out', metrics: { acc: 1 }, passes: {}, model: 'm' });

async function seed(path: string): Promise<void> {
  const w = new DuckDbResultsStore(path, { mode: 'write' });
  await w.appendEvaluations([row('writer-run', 1000), row('other', 0)]);
  await w.close();
}

test('a reader keeps the file open between queries; a writer in this process is seen at once', async () => {
  const path = await tempDb();
  await seed(path);
  const reader = new DuckDbResultsStore(path, { mode: 'read' });
  assert.equal((await reader.evaluations('other')).length, 1);
  assert.equal((await reader.evaluations('other')).length, 1);
  const writer = new DuckDbResultsStore(path, { mode: 'write' });
  await writer.appendEvaluations([row('other', 1)]);
  await writer.flush();
  assert.equal((await reader.evaluations('other')).length, 2, 'while the writer holds its lock');
  await writer.appendEvaluations([row('other', 2)]);
  await writer.close();
  assert.equal((await reader.evaluations('other')).length, 3, 'after the writer closed');
  await reader.close();
});

test('a write that bypasses the writer lock changes the file: the held copy is reopened, never stale', async () => {
  const path = await tempDb();
  await seed(path);
  const reader = new DuckDbResultsStore(path, { mode: 'read' });
  assert.equal((await reader.evaluations('other')).length, 1);
  // As the evolve checkpoint store does: a read-write open of its own, no writer lock file.
  await withConnection(path, { readOnly: false }, async (conn) => {
    await migrateDuckDb(conn);
    await appendEvaluationRows(conn, [row('other', 1)]);
  });
  assert.equal((await reader.evaluations('other')).length, 2);
  await reader.close();
});

test('a reader holding the file lets a writer in another process in, and then reads what it wrote', async () => {
  const path = await tempDb();
  await seed(path);
  const reader = new DuckDbResultsStore(path, { mode: 'read' });
  assert.equal((await reader.evaluations('writer-run')).length, 1);
  // The held file blocks the writer's open until the reader is idle: the writer waits, it does not fail.
  const fixture = fileURLToPath(new URL('./test-writer.fixture.ts', import.meta.url));
  const child = spawn(process.execPath, [fixture, path, '1', '50'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const out = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  assert.equal((await out.next()).value, 'batch 0');
  child.stdin.write('next\n');
  assert.equal((await out.next()).value, 'done');
  assert.equal(await exited, 0, err);
  assert.equal((await reader.evaluations('writer-run')).length, 51);
  await reader.close();
});
