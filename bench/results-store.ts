/**
 * Results-store throughput: inserts evaluation rows (2 metrics each) into DuckDB and PostgreSQL, then times a
 * run's per-case page (`evaluations(runId)` of a 1,000-case run) and a lineage ancestry query among many
 * candidates. PostgreSQL takes 4 concurrent writers (separate stores and pools, as separate processes would);
 * DuckDB allows one writing process, so it gets 1 (through the store's bulk path, the Appender, as users get it).
 * Run ids have the shape `evohub eval` gives them (a timestamp, then random hex), all of one day: DuckDB's
 * per-block min/max statistics keep only an 8-byte prefix of a text, so they cannot skip to one run's rows.
 * Prints ONE JSON line, with the elapsed time, the size of each database on disk and the 1-minute load average.
 *
 *   npx node bench/results-store.ts [--rows N] [--candidates N] [--postgres URL] [--only duckdb|postgres]
 *     [--explain]       (EXPLAIN ANALYZE of the case page and the ancestry's lookups, on stderr)
 *
 * Defaults: 100,000 rows and 20,000 candidates (the targets are 10M rows and 1M candidates: pass
 * --rows 10000000 --candidates 1000000; that takes tens of minutes and several GB). PostgreSQL: the server at
 * 127.0.0.1:5432 (or --postgres), in a scratch database that is dropped at the end; skipped when unreachable.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { LineageRecord } from '../core/evolve/lineage.ts';
import type { EvaluationRecord, ResultsStore } from '../core/ports/results-store.ts';
import { openDuckDb } from '../evaluator/store/duckdb-open.ts';
import { tuneForReads } from '../evaluator/store/duckdb-read-cache.ts';
import { DuckDbResultsStore } from '../evaluator/store/duckdb-results-store.ts';
import { PostgresResultsStore } from '../evaluator/store/postgres/postgres-results-store.ts';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const ROWS = flag('--rows', 100_000);
const CANDIDATES = flag('--candidates', 20_000);
const PG_BASE = (() => {
  const i = process.argv.indexOf('--postgres');
  return i >= 0 ? (process.argv[i + 1] as string) : 'postgres://postgres@127.0.0.1:5432';
})();
const ONLY = (() => {
  const i = process.argv.indexOf('--only');
  return i >= 0 ? process.argv[i + 1] : undefined;
})();
const EXPLAIN = process.argv.includes('--explain');
const CASES_PER_RUN = 1000;

/** A run id as `evohub eval` makes them: `20260102T030405-` and 8 hex digits (here a bijection of `r`). */
function runId(r: number): string {
  return `20260102T030405-${((r * 2_654_435_761) % 4_294_967_296).toString(16).padStart(8, '0')}`;
}
/** Rows per flush: PostgreSQL's writers flush 5,000 at a time; DuckDB's one writer 50,000 (its bulk path, see
 * measure), since each flush opens the file and checkpoints it on close. */
const PG_BATCH = 5000;
const DUCKDB_BATCH = 50_000;
/** Lineage records per recordLineage call (an evolve generation writes hundreds; a bulk import more). */
const LINEAGE_BATCH = 50_000;

function row(runId: string, seq: number): EvaluationRecord {
  return {
    runId,
    seq,
    promptHash: `p${seq % 97}`,
    caseId: `c${seq % CASES_PER_RUN}`,
    caseIndex: seq % CASES_PER_RUN,
    repeat: 0,
    output: 'billing',
    metrics: { accuracy: seq % 2, f1: 0.5 },
    passes: { accuracy: seq % 2 === 1 },
    latencyMs: 10 + (seq % 50),
    inputTokens: 120,
    outputTokens: 2,
    costUsd: 0.00001,
    model: 'simulated/ticket-triage',
    cached: false,
    createdAt: '2026-01-02T03:04:05.000Z',
  };
}

/**
 * Writer `w` of `writers` inserts runs w, w+writers, … (1,000 cases each) until its share of ROWS is done; a
 * progress line on stderr every million rows (of writer 0), so that a run stopped early still has a figure.
 */
async function write(store: ResultsStore, w: number, writers: number, batch: number): Promise<void> {
  const runs = Math.ceil(ROWS / CASES_PER_RUN);
  const start = performance.now();
  let written = 0;
  let nextReport = 1_000_000 / writers;
  let buf: EvaluationRecord[] = [];
  for (let r = w; r < runs; r += writers) {
    for (let s = 0; s < CASES_PER_RUN && r * CASES_PER_RUN + s < ROWS; s++) buf.push(row(runId(r), s));
    if (buf.length >= batch) {
      await store.appendEvaluations(buf);
      await store.flush();
      written += buf.length;
      buf = [];
      if (w === 0 && written >= nextReport) {
        nextReport += 1_000_000 / writers;
        const sec = ((performance.now() - start) / 1000).toFixed(0);
        process.stderr.write(
          `progress: ~${written * writers} rows in ${sec} s, load ${loadavg()[0]?.toFixed(1)}\n`,
        );
      }
    }
  }
  await store.appendEvaluations(buf);
  await store.flush();
}

/**
 * Evolution-shaped lineage: runs of 1,000 candidates, 10 generations of 100; a candidate's two parents are in the
 * generation before (generation 0 descends from the human-written original `h-root`), so an ancestry walks 11
 * levels and ~1,000 versions, most in its own run.
 */
function lineage(i: number): LineageRecord {
  const run = Math.floor(i / 1000);
  const gen = Math.floor((i % 1000) / 100);
  const prev = (k: number) => `h${run * 1000 + (gen - 1) * 100 + ((i * 31 + k * 17) % 100)}`;
  return {
    hash: `h${i}`,
    name: 'ticket-triage',
    runId: `evo-${runId(run)}`,
    candidateId: i % 1000,
    generation: gen,
    operator: gen === 0 ? 'rewrite' : 'ga',
    parents: gen === 0 ? ['h-root'] : [prev(0), prev(1)],
    fitness: { accuracy: 0.5 },
    createdAt: '2026-01-02T03:04:05.000Z',
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
}

/** Wall time and this process's CPU time (user + system, all threads): on a loaded machine they part ways. */
async function timedCpu<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const cpu = process.cpuUsage();
  const [out, ms] = await timed(fn);
  const used = process.cpuUsage(cpu);
  return [out, ms, (used.user + used.system) / 1000];
}

function p(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] as number) * 10) / 10;
}

async function measure(
  open: (mode: 'read' | 'write') => ResultsStore,
  writers: number,
  batch: number,
  afterWrites: () => Promise<void> = async () => undefined,
) {
  const stores = Array.from({ length: writers }, () => open('write'));
  const [, writeMs] = await timed(() => Promise.all(stores.map((s, w) => write(s, w, writers, batch))));
  const [, lineageMs] = await timed(async () => {
    await (stores[0] as ResultsStore).recordLineage([
      { ...lineage(0), hash: 'h-root', runId: 'original', parents: [] },
    ]);
    for (let i = 0; i < CANDIDATES; i += LINEAGE_BATCH)
      await (stores[0] as ResultsStore).recordLineage(
        Array.from({ length: Math.min(LINEAGE_BATCH, CANDIDATES - i) }, (_, k) => lineage(i + k)),
      );
  });
  await Promise.all(stores.map((s) => s.close()));
  await afterWrites();
  const reader = open('read');
  const page: number[] = [];
  const runs = Math.ceil(ROWS / CASES_PER_RUN);
  const pageCpu: number[] = [];
  for (let i = 0; i < 20; i++) {
    const [, ms, cpu] = await timedCpu(() => reader.evaluations(runId((i * 7) % runs)));
    page.push(ms);
    pageCpu.push(cpu);
  }
  const ancestry: number[] = [];
  const ancestryCpu: number[] = [];
  let versions = 0;
  for (let i = 0; i < 10; i++) {
    const start = CANDIDATES - 1 - i * 13;
    const [anc, ms, cpu] = await timedCpu(() => reader.ancestry(`h${start}`));
    ancestryCpu.push(cpu);
    versions = anc.length;
    ancestry.push(ms);
  }
  await reader.close();
  return {
    writers,
    writeRowsPerSec: Math.round(ROWS / (writeMs / 1000)),
    writeSec: Math.round(writeMs / 100) / 10,
    lineageInsertSec: Math.round(lineageMs / 100) / 10,
    runPageMs: { p50: p(page, 0.5), p95: p(page, 0.95) },
    runPageCpuMs: { p50: p(pageCpu, 0.5), p95: p(pageCpu, 0.95) },
    ancestryMs: { p50: p(ancestry, 0.5), p95: p(ancestry, 0.95), versions },
    ancestryCpuMs: { p50: p(ancestryCpu, 0.5), p95: p(ancestryCpu, 0.95) },
  };
}

/** The queries behind a case page and an ancestry walk, as each store runs them (`--explain`: on stderr). */
function explained(runNo?: number): [string, (string | number)[]][] {
  const run = runId(7);
  const page = runNo === undefined ? ['run_id = $1', [run]] : ['run_no = $2 AND run_id = $1', [run, runNo]];
  return [
    [`SELECT * FROM evaluations WHERE ${page[0]} ORDER BY seq`, page[1] as (string | number)[]],
    [`SELECT seq, name, value, pass FROM metrics WHERE ${page[0]}`, page[1] as (string | number)[]],
    ['SELECT * FROM lineage WHERE hash = $1', [`h${CANDIDATES - 1}`]],
    ['SELECT * FROM lineage WHERE run_id = $1', [`evo-${runId(Math.floor((CANDIDATES - 1) / 1000))}`]],
  ];
}

async function explainDuckDb(path: string): Promise<void> {
  const db = await openDuckDb(path, { readOnly: true });
  try {
    await tuneForReads(db.conn);
    const no = await db.conn.runAndReadAll('SELECT run_no FROM run_numbers WHERE run_id = ?', [runId(7)]);
    for (const [sql, args] of explained(Number(no.getRowObjectsJson()[0]?.run_no))) {
      const r = await db.conn.runAndReadAll(`EXPLAIN ANALYZE ${sql}`, args);
      const plan = r
        .getRowObjectsJson()
        .map((x) => String(x.explain_value))
        .join('\n');
      process.stderr.write(`-- duckdb: ${sql}\n${plan}\n`);
    }
  } finally {
    db.close();
  }
}

async function explainPostgres(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const [sql, args] of explained()) {
      const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, args);
      process.stderr.write(`-- postgres: ${sql}\n${r.rows.map((x) => x['QUERY PLAN']).join('\n')}\n`);
    }
  } finally {
    await c.end();
  }
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const load1m = () => Number((loadavg()[0] as number).toFixed(1));

async function benchDuckDb(dir: string): Promise<Record<string, unknown>> {
  const path = join(dir, 'results.duckdb');
  const t = performance.now();
  const figures = await measure(
    (mode) => new DuckDbResultsStore(path, { mode, batchSize: DUCKDB_BATCH }),
    1,
    DUCKDB_BATCH,
  );
  const elapsedSec = Math.round((performance.now() - t) / 100) / 10;
  if (EXPLAIN) await explainDuckDb(path);
  return { ...figures, elapsedSec, diskMB: mb(statSync(path).size), loadAvg1m: load1m() };
}

async function benchPostgres(): Promise<Record<string, unknown>> {
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  let db: string | undefined;
  try {
    await admin.connect();
    db = `evohub_bench_${process.pid}`;
    await admin.query(`CREATE DATABASE ${db}`);
    const url = `${PG_BASE}/${db}`;
    const setup = new PostgresResultsStore(url, { mode: 'write' });
    await setup.migrate();
    await setup.close();
    const t = performance.now();
    const figures = await measure(
      (mode) => new PostgresResultsStore(url, { mode, batchSize: PG_BATCH * 2 }),
      4,
      PG_BATCH,
      // What autovacuum does after a bulk load (the server here runs with autovacuum off): planner statistics.
      async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query('ANALYZE').finally(() => c.end());
      },
    );
    const elapsedSec = Math.round((performance.now() - t) / 100) / 10;
    if (EXPLAIN) await explainPostgres(url);
    const size = await admin.query('SELECT pg_database_size($1)::float8 AS b', [db]);
    return { ...figures, elapsedSec, diskMB: mb(Number(size.rows[0]?.b)), loadAvg1m: load1m() };
  } catch (error) {
    // No PostgreSQL here: the figure is reported as skipped with the reason, the DuckDB figures still count.
    return { skipped: (error as Error).message };
  } finally {
    // Clean-up after the measurement; a failure here changes no figure.
    if (db) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'evohub-bench-store-'));
const out: Record<string, unknown> = { bench: 'results-store', rows: ROWS, candidates: CANDIDATES };
try {
  if (ONLY !== 'postgres') out.duckdb = await benchDuckDb(dir);
  if (ONLY !== 'duckdb') out.postgres = await benchPostgres();
  out.goalMs = 100;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(out)}\n`);
