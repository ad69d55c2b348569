/**
 * Results-store throughput: inserts evaluation rows (2 metrics each) into DuckDB and PostgreSQL, then times a
 * run's per-case page (`evaluations(runId)` of a 1,000-case run) and a lineage ancestry query among many
 * candidates. PostgreSQL takes 4 concurrent writers (separate stores and pools, as separate processes would);
 * DuckDB allows one writing process, so it gets 1. Prints ONE JSON line.
 *
 *   npx node bench/results-store.ts [--rows N] [--candidates N] [--postgres URL]
 *
 * Defaults: 100,000 rows and 20,000 candidates (the targets are 10M rows and 1M candidates: pass
 * --rows 10000000 --candidates 1000000; that takes tens of minutes and several GB). PostgreSQL: the server at
 * 127.0.0.1:5432 (or --postgres), in a scratch database that is dropped at the end; skipped when unreachable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { LineageRecord } from '../core/evolve/lineage.ts';
import type { EvaluationRecord, ResultsStore } from '../core/ports/results-store.ts';
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
const CASES_PER_RUN = 1000;
const BATCH = 5000;

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

/** Writer `w` of `writers` inserts runs w, w+writers, … (1,000 cases each) until its share of ROWS is done. */
async function write(store: ResultsStore, w: number, writers: number): Promise<void> {
  const runs = Math.ceil(ROWS / CASES_PER_RUN);
  let buf: EvaluationRecord[] = [];
  for (let r = w; r < runs; r += writers) {
    for (let s = 0; s < CASES_PER_RUN && r * CASES_PER_RUN + s < ROWS; s++) buf.push(row(`run-${r}`, s));
    if (buf.length >= BATCH) {
      await store.appendEvaluations(buf);
      await store.flush();
      buf = [];
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
    runId: `evo-${run}`,
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

function p(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] as number) * 10) / 10;
}

async function measure(open: (mode: 'read' | 'write') => ResultsStore, writers: number) {
  const stores = Array.from({ length: writers }, () => open('write'));
  const [, writeMs] = await timed(() => Promise.all(stores.map((s, w) => write(s, w, writers))));
  const [, lineageMs] = await timed(async () => {
    await (stores[0] as ResultsStore).recordLineage([
      { ...lineage(0), hash: 'h-root', runId: 'original', parents: [] },
    ]);
    for (let i = 0; i < CANDIDATES; i += 10_000)
      await (stores[0] as ResultsStore).recordLineage(
        Array.from({ length: Math.min(10_000, CANDIDATES - i) }, (_, k) => lineage(i + k)),
      );
  });
  await Promise.all(stores.map((s) => s.close()));
  const reader = open('read');
  const page: number[] = [];
  const runs = Math.ceil(ROWS / CASES_PER_RUN);
  for (let i = 0; i < 20; i++) page.push((await timed(() => reader.evaluations(`run-${(i * 7) % runs}`)))[1]);
  const ancestry: number[] = [];
  let versions = 0;
  for (let i = 0; i < 10; i++) {
    const start = CANDIDATES - 1 - i * 13;
    const [anc, ms] = await timed(() => reader.ancestry(`h${start}`));
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
    ancestryMs: { p50: p(ancestry, 0.5), p95: p(ancestry, 0.95), versions },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'evohub-bench-store-'));
const out: Record<string, unknown> = { bench: 'results-store', rows: ROWS, candidates: CANDIDATES };
try {
  const path = join(dir, 'results.duckdb');
  out.duckdb = await measure((mode) => new DuckDbResultsStore(path, { mode, batchSize: BATCH * 2 }), 1);
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
    out.postgres = await measure((mode) => new PostgresResultsStore(url, { mode, batchSize: BATCH * 2 }), 4);
  } catch (error) {
    // No PostgreSQL here: the figure is reported as skipped with the reason, the DuckDB figures still count.
    out.postgres = { skipped: (error as Error).message };
  } finally {
    // Clean-up after the measurement; a failure here changes no figure.
    if (db) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
  out.goalMs = 100;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(out)}\n`);
