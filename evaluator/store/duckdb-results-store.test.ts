import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunRecord } from '../../core/ports/results-store.ts';
import { DuckDbResultsStore } from './duckdb-results-store.ts';
import { createAtSchema } from './old-schema.fixture.ts';

// Port-level behaviour (round trips, exports, checkpoints) is in test/store/results-store.contract.ts; these are
// the DuckDB store's own: one writing process, readers in other processes during a run.
const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDb(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'evohub-store-'));
  dirs.push(d);
  return join(d, '.evohub', 'results.duckdb');
}

const run: RunRecord = {
  id: 'run-1',
  kind: 'eval',
  promptName: 'ticket-triage',
  promptFile: 'prompts/ticket-triage.prompt.yml',
  provider: 'simulated/ticket-triage',
  simulated: true,
  status: 'running',
  startedAt: '2026-01-02T03:04:05.678Z',
  options: { sample: 3, seed: 7 },
};

test('a second writing process is refused while another holds the writer lock; a dead holder is taken over', async () => {
  const path = await tempDb();
  // A live pid other than ours (the test runner) holds the lock.
  const other = new DuckDbResultsStore(path, { mode: 'write', pid: process.ppid });
  await other.saveRun(run);
  const mine = new DuckDbResultsStore(path, { mode: 'write' });
  await assert.rejects(mine.saveRun({ ...run, id: 'run-2' }), /another process \(pid \d+\) is writing/);
  await other.close();
  await mine.saveRun({ ...run, id: 'run-2' });
  await mine.close();
  // A lock left by a process that is gone does not block.
  const { writeFile } = await import('node:fs/promises');
  await writeFile(`${path}.writer.lock`, JSON.stringify({ pid: 2 ** 22 + 12345 }));
  const next = new DuckDbResultsStore(path, { mode: 'write' });
  await next.saveRun({ ...run, id: 'run-3' });
  await next.close();
  assert.deepEqual(
    (await next.listRuns()).map((r) => r.id),
    ['run-1', 'run-2', 'run-3'],
  );
});

test('readers in another process never fail while a run is writing', async () => {
  const path = await tempDb();
  const writer = fileURLToPath(new URL('./test-writer.fixture.ts', import.meta.url));
  const batches = 25;
  const size = 200;
  const child = spawn(process.execPath, [writer, path, String(batches), String(size)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const out = createInterface({ input: child.stdout })[Symbol.asyncIterator]();

  // A free-running reader races the writer's opens and flushes: it must never fail, and only ever sees whole
  // batches in growing numbers.
  let done = false;
  void exited.then(() => (done = true));
  const racer = new DuckDbResultsStore(path, { mode: 'read' });
  const counts: number[] = [];
  const racing = (async () => {
    while (!done) counts.push((await racer.evaluations('writer-run')).length);
  })();

  // Lock-step: after each batch, while the writer process is alive and mid-run, a reader sees exactly the
  // batches written so far.
  const reader = new DuckDbResultsStore(path, { mode: 'read' });
  for (let b = 0; b < batches; b++) {
    assert.equal((await out.next()).value, `batch ${b}`);
    assert.equal((await reader.evaluations('writer-run')).length, (b + 1) * size);
    child.stdin.write('next\n');
  }
  assert.equal((await out.next()).value, 'done');
  assert.equal(await exited, 0, err);
  await racing;
  for (const c of counts) assert.equal(c % size, 0, 'a read saw a partial batch');
  for (let i = 1; i < counts.length; i++) assert.ok((counts[i] as number) >= (counts[i - 1] as number));
  assert.equal((await reader.evaluations('writer-run')).length, batches * size);
});

test('a file from before schema 3 is migrated on the next write; its rows read and export without inputs', async () => {
  const path = await tempDb();
  const { dirname } = await import('node:path');
  await createAtSchema(path, 2, (conn) =>
    conn.run(
      `INSERT INTO evaluations VALUES ('old', 0, 'h', 'c0', 0, 0, 'out', NULL, 1.5, 10, 2, NULL, 'm', false,
        '2026-01-02 03:04:05')`,
    ),
  );

  // Read-only on the old file: the old row reads, the export has null inputs.
  const reader = new DuckDbResultsStore(path, { mode: 'read' });
  const [old] = await reader.evaluations('old');
  assert.equal(old?.output, 'out');
  assert.equal('vars' in (old ?? {}), false);
  const out = join(dirname(path), 'old.jsonl');
  await reader.exportEvaluations('jsonl', out);
  const { readFile } = await import('node:fs/promises');
  const line = JSON.parse((await readFile(out, 'utf8')).trim());
  assert.deepEqual([line.vars, line.expected], [null, null]);

  const writer = new DuckDbResultsStore(path, { mode: 'write' });
  await writer.saveRun({ ...run, id: 'new' });
  await writer.appendEvaluations([
    { ...(old as NonNullable<typeof old>), runId: 'new', vars: { q: 'x' }, expected: 'y' },
  ]);
  await writer.close();
  assert.deepEqual(
    (await reader.evaluations('new')).map((e) => [e.vars, e.expected]),
    [[{ q: 'x' }, 'y']],
  );
  assert.equal('vars' in ((await reader.evaluations('old'))[0] ?? {}), false);
});
