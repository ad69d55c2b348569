/**
 * Dashboard API latency: a repository with 10,000 prompt versions (10 prompts × 1,000 commits, made with
 * `git fast-import`) and a DuckDB results store with 1,000 runs of 100 cases (100,000 case rows); `evohub serve`
 * in-process on a free port; each list and detail endpoint requested sequentially over HTTP after one warm-up.
 * Goal: p95 < 100 ms. Prints ONE JSON line; `firstRenderMs` is left to the browser benchmark
 * (bench/serve-render.ts).
 *
 *   npx node bench/serve.ts [--prompts 10] [--versions 1000] [--runs 1000] [--cases 100] [--requests 40]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryContext } from '../cli/context.ts';
import { startServe } from '../cli/serve/run-serve.ts';
import { makeRepo, makeStore } from './support/serve-data.ts';

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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function time(url: string): Promise<{ p50: number; p95: number }> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  await res.arrayBuffer();
  const ms: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    await (await fetch(url)).arrayBuffer();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: Number(percentile(ms, 50).toFixed(1)), p95: Number(percentile(ms, 95).toFixed(1)) };
}

const dir = mkdtempSync(join(tmpdir(), 'evohub-bench-serve-'));
try {
  const t0 = performance.now();
  const sizes = { prompts: PROMPTS, versions: VERSIONS, runs: RUNS, cases: CASES };
  makeRepo(dir, sizes);
  const ids = await makeStore(join(dir, '.evohub', 'results.duckdb'), sizes);
  const setupMs = Math.round(performance.now() - t0);
  const server = await startServe(memoryContext(dir, { HOME: dir }).ctx, { port: '0' });
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
  const endpoints: Record<string, { p50: number; p95: number }> = {};
  for (const [name, url] of [...Object.entries(list), ...Object.entries(detail)])
    endpoints[name] = await time(url);
  await server.close();
  const worst = (names: string[]) => Math.max(...names.map((n) => (endpoints[n] as { p95: number }).p95));
  const listP95 = worst(Object.keys(list));
  const detailP95 = worst(Object.keys(detail));
  console.log(
    JSON.stringify({
      bench: 'serve',
      versions: PROMPTS * VERSIONS,
      runs: RUNS,
      caseRows: RUNS * CASES,
      requestsPerEndpoint: REQUESTS,
      setupMs,
      endpoints,
      listP95Ms: listP95,
      detailP95Ms: detailP95,
      goalMs: GOAL_MS,
      pass: listP95 < GOAL_MS && detailP95 < GOAL_MS,
      firstRenderMs: null,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
