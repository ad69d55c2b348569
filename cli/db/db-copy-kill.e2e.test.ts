/**
 * `evohub db copy` killed with SIGKILL in the middle of the evaluations, then run again: the second run completes,
 * every row is in PostgreSQL once (no duplicates, none lost). And two `evohub db migrate` processes on one fresh
 * database at the same moment both succeed, one applying the migrations and the other finding them applied (the
 * advisory lock), leaving one schema. Spawned processes against a real PostgreSQL (test/store/postgres-harness.ts).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { git } from '../../adapters/git/testing.ts';
import { DuckDbResultsStore } from '../../evaluator/store/duckdb-results-store.ts';
import { evaluationFixture } from '../../evaluator/store/evaluation-record.fixture.ts';
import { startTestPostgres } from '../../test/store/postgres-harness.ts';

const BIN = fileURLToPath(new URL('../bin.ts', import.meta.url));
const RUNS = 30;
const PER_RUN = 40;
const started = await startTestPostgres();
const dirs: string[] = [];
after(async () => {
  if ('pg' in started) await started.pg.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function evohub(dir: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

function finished(child: ChildProcess): Promise<{ code: number | null; out: string; err: string }> {
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c;
  });
  child.stderr?.on('data', (c: Buffer) => {
    err += c;
  });
  return new Promise((r) => child.once('close', (code) => r({ code, out, err })));
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

/** A repository whose DuckDB store holds RUNS runs of PER_RUN evaluations each. */
async function repoWithResults(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'evohub-db-kill-'));
  dirs.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(join(dir, '.evohub'));
  const store = new DuckDbResultsStore(join(dir, '.evohub/results.duckdb'), { mode: 'write' });
  const now = new Date().toISOString();
  for (let r = 0; r < RUNS; r++) {
    const runId = `run-${String(r).padStart(4, '0')}`;
    await store.saveRun({
      id: runId,
      kind: 'eval',
      promptName: 'p',
      promptFile: 'p.prompt.yml',
      provider: 'simulated/x',
      simulated: true,
      status: 'completed',
      startedAt: now,
      options: {},
    });
    await store.appendEvaluations(
      Array.from({ length: PER_RUN }, (_, seq) =>
        evaluationFixture(runId, seq, { output: `output ${r}/${seq}`, createdAt: now }),
      ),
    );
  }
  await store.close();
  return dir;
}

describe('evohub db copy and migrate, interrupted and concurrent', {
  skip: 'skip' in started ? started.skip : false,
}, () => {
  const server = 'pg' in started ? started.pg : (undefined as never);

  test('db copy killed with -9 midway, then run again: every row once', async () => {
    const dir = await repoWithResults();
    const url = await server.another();
    const total = RUNS * PER_RUN;
    const child = evohub(dir, ['db', 'copy', '--to', url]);
    const done = finished(child);
    // Kill once some evaluations, but not all, are in (polling the target, no timing).
    let seen = 0;
    for (;;) {
      seen = await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM evaluations')
        .then((r) => r[0]?.n ?? 0)
        .catch(() => 0); // the table may not exist yet
      if (seen > 0 || child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    const killed = await done;
    assert.equal(killed.code, null, `killed mid-copy (it had finished: ${killed.out})`);
    assert.ok(seen > 0 && seen < total, `interrupted midway: ${seen} of ${total}`);

    const again = await finished(evohub(dir, ['db', 'copy', '--to', url, '--json']));
    assert.equal(again.code, 0, again.err);
    const counts = JSON.parse(again.out).counts as { table: string; source: number; target: number }[];
    for (const c of counts) assert.equal(c.target, c.source, c.table);
    const [ev] = await query<{ n: number; keys: number; outputs: number }>(
      url,
      'SELECT count(*)::int AS n, count(DISTINCT (run_id, seq))::int AS keys, count(DISTINCT output)::int AS outputs FROM evaluations',
    );
    assert.deepEqual(ev, { n: total, keys: total, outputs: total });
    const [runs] = await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM runs');
    assert.equal(runs?.n, RUNS);
  });

  test('two db migrate processes at once on a fresh database: both succeed, one schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evohub-db-migrate-'));
    dirs.push(dir);
    git(dir, 'init', '-q', '-b', 'main');
    const url = await server.another();
    const results = await Promise.all(
      [0, 1].map(() => finished(evohub(dir, ['db', 'migrate', '--results-url', url, '--json']))),
    );
    for (const r of results) assert.equal(r.code, 0, r.err);
    const applied = results.map((r) => (JSON.parse(r.out) as { applied: number[] }).applied.length).sort();
    assert.equal(applied[0], 0, 'the second migrator found the work done');
    assert.ok((applied[1] ?? 0) > 0);
    const versions = await query<{ version: number }>(
      url,
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    assert.deepEqual(
      versions.map((v) => v.version),
      Array.from({ length: applied[1] ?? 0 }, (_, i) => i + 1),
    );
  });
});
