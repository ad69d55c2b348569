/**
 * Dashboard API latency: a repository with 10,000 prompt versions (10 prompts × 1,000 commits, made with
 * `git fast-import`) and a DuckDB results store with 1,000 runs of 100 cases (100,000 case rows); `evohub serve`
 * in-process on a free port; each list and detail endpoint requested sequentially over HTTP after one warm-up.
 * Goal: p95 < 100 ms. Prints ONE JSON line; `firstRenderMs` is left to the browser benchmark
 * (bench/serve-render.ts).
 *
 *   npx node bench/serve.ts [--prompts 10] [--versions 1000] [--runs 1000] [--cases 100] [--requests 40]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryContext } from '../cli/context.ts';
import { startServe } from '../cli/serve/run-serve.ts';
import type { EvaluationRecord } from '../core/ports/results-store.ts';
import { DuckDbResultsStore } from '../evaluator/store/duckdb-results-store.ts';

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

const promptText = (p: number, v: number) =>
  `name: Prompt ${p}\nversion: ${v}\nmodel: simulated/ticket-triage\nmessages:\n  - role: system\n    content: "Classify the ticket. Revision ${v} of prompt ${p}."\n  - role: user\n    content: "{{ticket}}"\n`;

/** One fast-import stream: commit i changes prompt i % PROMPTS to its next version. */
function makeRepo(dir: string): void {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const parts: string[] = [];
  const at = 1_767_225_600;
  const versions = new Array<number>(PROMPTS).fill(0);
  for (let i = 0; i < PROMPTS * VERSIONS; i++) {
    const p = i % PROMPTS;
    versions[p] = (versions[p] as number) + 1;
    const text = promptText(p, versions[p] as number);
    const msg = `p${p} v${versions[p]}`;
    parts.push(
      `commit refs/heads/main\nmark :${i + 1}\ncommitter Bench <b@e.st> ${at + i} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}\n`,
      i > 0 ? `from :${i}\n` : '',
      `M 100644 inline prompts/p${p}.prompt.yml\ndata ${Buffer.byteLength(text)}\n${text}\n`,
    );
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join(''), maxBuffer: 1 << 30 });
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
  mkdirSync(join(dir, 'environments'));
  const pins = Array.from({ length: PROMPTS }, (_, p) => `  p${p}: ${VERSIONS - 1}`).join('\n');
  writeFileSync(join(dir, 'environments', 'production.yaml'), `prompts:\n${pins}\n`);
}

async function makeStore(file: string): Promise<string[]> {
  const store = new DuckDbResultsStore(file, { mode: 'write' });
  const ids: string[] = [];
  const started = Date.parse('2026-01-01T00:00:00Z');
  for (let r = 0; r < RUNS; r++) {
    const id = `run-${String(r).padStart(5, '0')}`;
    ids.push(id);
    await store.saveRun({
      id,
      kind: r % 10 === 0 ? 'compare' : 'eval',
      promptName: `p${r % PROMPTS}`,
      promptFile: `prompts/p${r % PROMPTS}.prompt.yml`,
      provider: 'simulated/ticket-triage',
      simulated: true,
      status: 'completed',
      startedAt: new Date(started + r * 60_000).toISOString(),
      finishedAt: new Date(started + r * 60_000 + 5000).toISOString(),
      options: { sample: CASES },
      summary: { evaluations: CASES, metrics: [{ name: 'exact-label', kind: 'objective', mean: 0.5 }] },
    });
    const rows: EvaluationRecord[] = Array.from({ length: CASES }, (_, c) => ({
      runId: id,
      seq: c,
      promptHash: `h${r % PROMPTS}`,
      caseId: String(c),
      caseIndex: c,
      repeat: 0,
      output: c % 3 === 0 ? 'bug' : 'billing',
      metrics: { 'exact-label': c % 3 === 0 ? 0 : 1 },
      passes: { 'exact-label': c % 3 !== 0 },
      latencyMs: 100 + (c % 50),
      inputTokens: 80,
      outputTokens: 2,
      costUsd: 0.00004,
      model: 'simulated/ticket-triage',
      cached: false,
      createdAt: new Date(started + r * 60_000).toISOString(),
    }));
    await store.appendEvaluations(rows);
  }
  await store.close();
  return ids;
}

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
  makeRepo(dir);
  const ids = await makeStore(join(dir, '.evohub', 'results.duckdb'));
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
