/**
 * [issue 15, item 9] Stale state: a lock whose PID now belongs to an unrelated live process, or whose heartbeat
 * stopped, no longer blocks writers; a run whose process was killed with -9 is shown (and stored) as
 * `interrupted` by `evohub runs` instead of `running` forever.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { memoryContext } from '../../cli/context.ts';
import { runCli } from '../../cli/main.ts';
import type { RunRecord } from '../../core/ports/results-store.ts';
import { DuckDbResultsStore } from './duckdb-results-store.ts';
import { processStartTime } from './writer-lock.ts';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempRepo(): Promise<{ root: string; db: string }> {
  const root = await mkdtemp(join(tmpdir(), 'evohub-stale-'));
  dirs.push(root);
  await writeFile(join(root, 'evohub.yaml'), 'cache:\n  enabled: true\n');
  return { root, db: join(root, '.evohub', 'results.duckdb') };
}

const run: RunRecord = {
  id: 'run-1',
  kind: 'eval',
  promptName: 'p',
  promptFile: 'p.prompt.yml',
  provider: 'simulated/x',
  simulated: true,
  status: 'completed',
  startedAt: '2026-01-01T00:00:00.000Z',
  options: {},
};

test('a lock naming a live but unrelated process (reused PID) does not block a writer', async () => {
  const { db } = await tempRepo();
  await mkdir(dirname(db), { recursive: true });
  // The parent process is alive, but it is not the process that took this lock: its start time differs.
  const pid = process.ppid;
  assert.ok(processStartTime(pid), 'this test needs /proc');
  await writeFile(
    `${db}.writer.lock`,
    JSON.stringify({ host: hostname(), pid, startTime: '1', heartbeatAt: new Date().toISOString() }),
  );
  const store = new DuckDbResultsStore(db, { mode: 'write' });
  await store.saveRun(run);
  await store.close();
  assert.equal((await store.listRuns()).length, 1);
});

test('a lock whose heartbeat stopped long ago does not block a writer', async () => {
  const { db } = await tempRepo();
  await mkdir(dirname(db), { recursive: true });
  const pid = process.ppid;
  await writeFile(
    `${db}.writer.lock`,
    JSON.stringify({
      host: 'elsewhere',
      pid,
      startTime: processStartTime(pid),
      heartbeatAt: '2026-01-01T00:00:00Z',
    }),
  );
  const store = new DuckDbResultsStore(db, { mode: 'write' });
  await store.saveRun(run);
  await store.close();
});

test('a live lock with a fresh heartbeat still blocks', async () => {
  const { db } = await tempRepo();
  const holder = new DuckDbResultsStore(db, { mode: 'write', pid: process.ppid });
  await holder.saveRun(run);
  const mine = new DuckDbResultsStore(db, { mode: 'write' });
  await assert.rejects(mine.saveRun({ ...run, id: 'run-2' }), /another process \(pid \d+/);
  await holder.close();
});

test('a run killed with -9 is listed as interrupted, a live one as running', async () => {
  const { root, db } = await tempRepo();
  const writer = fileURLToPath(new URL('./test-writer.fixture.ts', import.meta.url));
  const child = spawn(process.execPath, [writer, db, '5', '10'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const out = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  assert.equal((await out.next()).value, 'batch 0');

  const runs = async () => {
    const m = memoryContext(root);
    assert.equal(await runCli(['runs', '--json'], m.ctx), 0, m.stderr());
    return JSON.parse(m.stdout()) as RunRecord[];
  };
  // While the writer lives, its run is running (and nothing is written by `runs`).
  assert.equal((await runs())[0]?.status, 'running');

  child.kill('SIGKILL');
  await exited;
  const listed = await runs();
  assert.equal(listed[0]?.id, 'writer-run');
  assert.equal(listed[0]?.status, 'interrupted');
  // Stored, not only shown: a plain read of the database agrees.
  const stored = await new DuckDbResultsStore(db, { mode: 'read' }).getRun('writer-run');
  assert.equal(stored?.status, 'interrupted');
  assert.match(stored?.note ?? '', /killed or crashed/);
});
