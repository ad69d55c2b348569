/**
 * Dashboard API latency: a repository with 10,000 prompt versions (10 prompts × 1,000 commits, made with
 * `git fast-import`) and a DuckDB results store with 1,000 runs of 100 cases (100,000 case rows); `evohub serve`
 * in-process on a free port; each list and detail endpoint requested sequentially over HTTP after one warm-up.
 * Each endpoint is timed warm (the server's store cache valid) and uncached (the store file touched before each
 * request, as while a run writes). Goal: p95 < 100 ms. Prints ONE JSON line; `firstRenderMs` is left to the browser benchmark
 * (bench/serve-render.ts).
 *
 *   npx node bench/serve.ts [--prompts 10] [--versions 1000] [--runs 1000] [--cases 100] [--requests 40]
 *                           [--postgres URL | --no-postgres]
 *
 * The same runs are also stored in a scratch PostgreSQL database (127.0.0.1:5432 or --postgres, dropped at the
 * end; skipped when unreachable) and timed there.
 */
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { memoryContext } from '../cli/context.ts';
import { startServe } from '../cli/serve/run-serve.ts';
import { PostgresResultsStore } from '../evaluator/store/postgres/postgres-results-store.ts';
import { fillStore, makeRepo, makeStore } from './support/serve-data.ts';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const PROMPTS = flag('--prompts', 10);
const VERSIONS = flag('--versions', 1000);
const RUNS = flag('--runs', 1000);
const CASES = flag('--cases', 100);
const REQUESTS = flag('--requests', 40);
const GOAL_MS = 100;
const SIZES = { prompts: PROMPTS, versions: VERSIONS, runs: RUNS, cases: CASES };
const SKIP_PG = process.argv.includes('--no-postgres');
const PG_BASE = (() => {
  const i = process.argv.indexOf('--postgres');
  return i >= 0 ? (process.argv[i + 1] as string) : 'postgres://postgres@127.0.0.1:5432';
})();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

type Timing = { p50: number; p95: number; uncachedP50: number | null; uncachedP95: number | null };

const round = (x: number) => Number(x.toFixed(1));

/**
 * p50/p95 of repeated requests (the server's store cache warm), and of requests each made after the store
 * file changed (its cache dropped, as while a run writes): the first is what browsing costs, the second the
 * worst case.
 */
async function time(url: string, storeFile: string | undefined): Promise<Timing> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  await res.arrayBuffer();
  const sample = async (n: number, before: (i: number) => void) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      before(i);
      const t = performance.now();
      await (await fetch(url)).arrayBuffer();
      ms.push(performance.now() - t);
    }
    return ms.sort((a, b) => a - b);
  };
  const warm = await sample(REQUESTS, () => {});
  const p = { p50: round(percentile(warm, 50)), p95: round(percentile(warm, 95)) };
  // PostgreSQL is not cached (a pool answers fast): nothing to drop.
  if (!storeFile) return { ...p, uncachedP50: null, uncachedP95: null };
  const base = Date.now() / 1000;
  const cold = await sample(Math.max(5, Math.floor(REQUESTS / 4)), (i) =>
    utimesSync(storeFile, base + i + 1, base + i + 1),
  );
  return { ...p, uncachedP50: round(percentile(cold, 50)), uncachedP95: round(percentile(cold, 95)) };
}

/** Serves `dir` with the store at `results` and times every endpoint. */
async function measure(dir: string, ids: string[], results: string, storeFile: string | undefined) {
  const server = await startServe(memoryContext(dir, { HOME: dir }).ctx, { port: '0', results });
  const u = (p: string) => new URL(p, server.url).href;
  const mid = ids[Math.floor(ids.length / 2)] as string;
  const list: Record<string, string> = {
    prompts: u('/api/v1/prompts'),
    runs: u('/api/v1/runs?limit=50'),
    runsFiltered: u('/api/v1/runs?kind=eval&prompt=p3&limit=50&offset=20'),
    versions: u('/api/v1/prompts/p0/versions?limit=50'),
    cases: u(`/api/v1/runs/${mid}/cases?limit=100`),
    casesFailed: u(`/api/v1/runs/${mid}/cases?failed=true&q=bug`),
  };
  const detail: Record<string, string> = {
    run: u(`/api/v1/runs/${mid}`),
    revision: u(`/api/v1/prompts/p0/revision?rev=${Math.floor(VERSIONS / 2)}`),
    diff: u(`/api/v1/prompts/p0/diff?a=1&b=${VERSIONS}`),
    compare: u(`/api/v1/runs/compare?a=${ids[0]}&b=${mid}`),
  };
  const endpoints: Record<string, Timing> = {};
  try {
    for (const [name, url] of [...Object.entries(list), ...Object.entries(detail)])
      endpoints[name] = await time(url, storeFile);
  } finally {
    await server.close();
  }
  const worst = (names: string[], k: 'p95' | 'uncachedP95') =>
    Math.max(...names.map((n) => (endpoints[n] as Timing)[k] ?? 0));
  return {
    endpoints,
    listP95Ms: worst(Object.keys(list), 'p95'),
    detailP95Ms: worst(Object.keys(detail), 'p95'),
    uncachedListP95Ms: storeFile ? worst(Object.keys(list), 'uncachedP95') : null,
    uncachedDetailP95Ms: storeFile ? worst(Object.keys(detail), 'uncachedP95') : null,
  };
}

/** The same data in a scratch PostgreSQL database (dropped at the end); skipped when the server is unreachable. */
async function postgres(dir: string) {
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  let db: string | undefined;
  try {
    await admin.connect();
    db = `evohub_bench_serve_${process.pid}`;
    await admin.query(`CREATE DATABASE ${db}`);
    const url = `${PG_BASE}/${db}`;
    const store = new PostgresResultsStore(url, { mode: 'write' });
    await store.migrate();
    const t = performance.now();
    const ids = await fillStore(store, SIZES);
    await store.close();
    const setupMs = Math.round(performance.now() - t);
    return { setupMs, ...(await measure(dir, ids, url, undefined)) };
  } catch (error) {
    return { skipped: (error as Error).message };
  } finally {
    if (db) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'evohub-bench-serve-'));
try {
  let t = performance.now();
  makeRepo(dir, SIZES);
  const repoMs = Math.round(performance.now() - t);
  t = performance.now();
  const storeFile = join(dir, '.evohub', 'results.duckdb');
  const ids = await makeStore(storeFile, SIZES);
  const duckdb = {
    setupMs: Math.round(performance.now() - t),
    ...(await measure(dir, ids, storeFile, storeFile)),
  };
  const pgResult = SKIP_PG ? { skipped: '--no-postgres' } : await postgres(dir);
  const passes = (r: { listP95Ms?: number; detailP95Ms?: number }) =>
    r.listP95Ms !== undefined && r.listP95Ms < GOAL_MS && (r.detailP95Ms as number) < GOAL_MS;
  console.log(
    JSON.stringify({
      bench: 'serve',
      versions: PROMPTS * VERSIONS,
      runs: RUNS,
      caseRows: RUNS * CASES,
      requestsPerEndpoint: REQUESTS,
      repoMs,
      duckdb,
      postgres: pgResult,
      goalMs: GOAL_MS,
      pass: passes(duckdb) && ('skipped' in pgResult || passes(pgResult)),
      firstRenderMs: null,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
