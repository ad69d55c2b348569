/**
 * `evohub db migrate`, `evohub db copy` and the commands that take `--results-url`, in-process against a real
 * PostgreSQL (see postgres-harness.ts) and the classification template.
 */
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { git } from '../../adapters/git/testing.ts';
import { memoryContext } from '../../cli/context.ts';
import { runCli } from '../../cli/main.ts';
import { PostgresResultsStore } from '../../evaluator/store/postgres/postgres-results-store.ts';
import { startTestPostgres } from './postgres-harness.ts';

const templates = fileURLToPath(new URL('../../templates/classification/', import.meta.url));
const started = await startTestPostgres();
const dirs: string[] = [];
after(async () => {
  if ('pg' in started) await started.pg.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function evohub(dir: string, args: string[], env: Record<string, string> = {}) {
  const m = memoryContext(dir, env);
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'evohub-db-'));
  dirs.push(dir);
  cpSync(templates, dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'template');
  return dir;
}

/** The URL with a password that trust auth ignores: it must never be printed. */
function withPassword(url: string): string {
  const u = new URL(url);
  u.password = 'hunter2-secret';
  return u.toString();
}

const skip =
  'skip' in started ? started.skip : !existsSync(templates) ? 'templates/classification is missing' : false;

describe('evohub db and --results-url against PostgreSQL', { skip }, () => {
  const server = 'pg' in started ? started.pg : (undefined as never);

  test('db migrate applies 0001 once; concurrent migrations are safe; the password is never printed', async () => {
    const dir = repo();
    const url = withPassword(await server.another());
    const first = await evohub(dir, ['db', 'migrate', '--results-url', url]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /applied migrations 1, 2, 3, 4 \(schema version 4\)/);
    assert.doesNotMatch(first.out + first.err, /hunter2/);
    const again = await evohub(dir, ['db', 'migrate', '--results-url', url, '--json']);
    assert.deepEqual(JSON.parse(again.out).applied, []);

    // Two processes' worth of migrators on a fresh database at once: one applies, the other finds it done.
    const fresh = await server.another();
    const stores = [0, 1].map(() => new PostgresResultsStore(fresh, { mode: 'write', autoMigrate: false }));
    const results = await Promise.all(stores.map((s) => s.migrate()));
    await Promise.all(stores.map((s) => s.close()));
    assert.deepEqual(results.map((r) => r.applied.length).sort(), [0, 4]);
    const c = new pg.Client({ connectionString: fresh });
    await c.connect();
    const rows = (await c.query('SELECT version FROM schema_migrations ORDER BY version')).rows;
    await c.end();
    assert.deepEqual(rows, [{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }]);

    const unreachable = await evohub(dir, [
      'runs',
      '--results-url',
      'postgres://postgres:hunter2-secret@127.0.0.1:1/nowhere',
    ]);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.err, /127\.0\.0\.1:1\/nowhere/);
    assert.doesNotMatch(unreachable.err, /hunter2/);

    // A DuckDB location migrates its file (migrations.ts), as its first writer would.
    const duck = await evohub(dir, ['db', 'migrate', '--results-url', '.evohub/results.duckdb']);
    assert.equal(duck.code, 0, duck.err);
    assert.match(duck.out, /results\.duckdb: applied migrations 1, 2, 3, 4 \(schema version 4\)/);
  });

  test('db copy moves eval and evolve results from DuckDB (idempotently); runs, export and lineage read them back', async () => {
    const dir = repo();
    const url = await server.another();
    assert.equal((await evohub(dir, ['eval', 'ticket-triage', '--sample', '6'])).code, 0);
    const evolved = await evohub(dir, [
      'evolve',
      'ticket-triage',
      '--generations',
      '2',
      '--population',
      '3',
      '--no-commit',
      '--json',
    ]);
    assert.equal(evolved.code, 0, evolved.err);
    const winner = JSON.parse(evolved.out).winner.hash as string;

    const copy = await evohub(dir, ['db', 'copy', '--to', url, '--json']);
    assert.equal(copy.code, 0, copy.err);
    const counts = JSON.parse(copy.out).counts as { table: string; source: number; target: number }[];
    const byTable = Object.fromEntries(counts.map((c) => [c.table, c]));
    for (const t of [
      'runs',
      'evaluations',
      'metrics',
      'lineage',
      'checkpoints',
      'paid_calls',
      'prompt_versions',
    ]) {
      assert.ok((byTable[t]?.source ?? 0) > 0, `${t} copied`);
      assert.equal(byTable[t]?.target, byTable[t]?.source);
    }
    const twice = await evohub(dir, ['db', 'copy', '--to', url, '--json']);
    assert.deepEqual(JSON.parse(twice.out).counts, counts, 'a second copy adds nothing');

    const local = JSON.parse((await evohub(dir, ['runs', '--json'])).out);
    const remote = JSON.parse((await evohub(dir, ['runs', '--json', '--results-url', url])).out);
    assert.deepEqual(remote, local);

    const a = await evohub(dir, ['runs', '--export', 'jsonl', '--out', 'local.jsonl']);
    const b = await evohub(dir, ['runs', '--export', 'jsonl', '--out', 'pg.jsonl', '--results-url', url]);
    assert.equal(a.code, 0, a.err);
    assert.equal(b.code, 0, b.err);
    const lines = (f: string) =>
      readFileSync(join(dir, f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { run_id: string; seq: number; output: string; metrics: object })
        .map((r) => [r.run_id, r.seq, r.output, r.metrics]);
    assert.deepEqual(lines('pg.jsonl'), lines('local.jsonl'));

    const lineage = JSON.parse(
      (await evohub(dir, ['lineage', 'ticket-triage', '--json', '--results-url', url])).out,
    ) as { source: string };
    assert.equal(lineage.source, 'results', 'the original prompt is in the copied lineage');
    const store = new PostgresResultsStore(url, { mode: 'read' });
    const ancestry = await store.ancestry(winner);
    await store.close();
    assert.ok(ancestry.length >= 1);
    assert.equal(ancestry[0]?.hash, winner);
  });

  test('eval and evolve write straight to PostgreSQL with --results-url (or results: in evohub.yaml), leaving no DuckDB file', async () => {
    const dir = repo();
    const url = await server.another();
    const ev = await evohub(dir, ['eval', 'ticket-triage', '--sample', '4', '--results-url', url]);
    assert.equal(ev.code, 0, ev.err);
    appendFileSync(join(dir, 'evohub.yaml'), `\nresults: ${url}\n`);
    const evo = await evohub(dir, [
      'evolve',
      'ticket-triage',
      '--generations',
      '1',
      '--population',
      '2',
      '--no-commit',
      '--json',
    ]);
    assert.equal(evo.code, 0, evo.err);
    const runId = JSON.parse(evo.out).runId as string;
    assert.equal(existsSync(join(dir, '.evohub', 'results.duckdb')), false);
    const runs = JSON.parse((await evohub(dir, ['runs', '--json'])).out) as {
      kind: string;
      status: string;
    }[];
    assert.deepEqual(
      runs.map((r) => [r.kind, r.status]),
      [
        ['eval', 'completed'],
        ['evolve', 'completed'],
      ],
    );
    const store = new PostgresResultsStore(url, { mode: 'read' });
    const checkpoint = await store.latestCheckpoint(runId);
    await store.close();
    assert.equal(checkpoint?.generation, 1, 'the evolve checkpoint of its one generation is in PostgreSQL');
  });
});
