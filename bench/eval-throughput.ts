/**
 * Evaluation throughput: evaluations/minute and client CPU per evaluation through the whole `evohub eval`
 * pipeline (render, cache, budget, limits, provider, scorers, DuckDB store), (a) in-process with the simulated
 * provider and (b) against a local OpenAI-compatible server (own process) that answers after 1 s, at the
 * default concurrency and at the best one found. Prints ONE JSON line.
 *
 *   npx node bench/eval-throughput.ts [--quick]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DatasetRow, PromptFile } from '../core/prompt/types.ts';
import { MemoryBudget } from '../evaluator/budget/budget.ts';
import { DiskResponseCache } from '../evaluator/cache/disk-response-cache.ts';
import {
  DEFAULT_CONCURRENCY,
  type EvaluationEnvironment,
  evaluatePrompt,
} from '../evaluator/run/evaluate-prompt.ts';
import { DuckDbResultsStore } from '../evaluator/store/duckdb-results-store.ts';

const quick = process.argv.includes('--quick');
const LABELS = ['billing', 'bug', 'feature_request', 'account', 'other'];
const rows: DatasetRow[] = Array.from({ length: 100 }, (_, i) => ({
  id: `t${i}`,
  ticket: `Ticket ${i}: I was charged twice for invoice ${i}, please refund the extra payment.`,
  expected: LABELS[i % LABELS.length],
}));

function prompt(model: string): PromptFile {
  return {
    model,
    modelParameters: { maxTokens: 5, temperature: 0 },
    messages: [
      {
        role: 'system',
        content:
          'Classify the support ticket as billing, bug, feature_request, account or other. Answer with the label only.',
      },
      { role: 'user', content: '{{ticket}}' },
    ],
    evaluators: [
      { name: 'accuracy', string: { equals: '{{expected}}' } },
      { name: 'label-format', regex: { pattern: '^(billing|bug|feature_request|account|other)$' } },
    ],
  };
}

type Measure = {
  concurrency: number;
  evaluations: number;
  seconds: number;
  perMinute: number;
  cpuMsPerEval: number;
};

async function measure(
  model: string,
  providers: EvaluationEnvironment['providers'],
  concurrency: number,
  evaluations: number,
  defaults: boolean,
): Promise<Measure> {
  const dir = mkdtempSync(join(tmpdir(), 'evohub-bench-'));
  const store = new DuckDbResultsStore(join(dir, 'results.duckdb'), { mode: 'write' });
  const repeat = Math.ceil(evaluations / rows.length);
  const env: EvaluationEnvironment = {
    baseDir: dir,
    env: {},
    providers,
    // Default settings keep the disk cache; every repeat has its own seed, so every evaluation is a call.
    cache: defaults ? new DiskResponseCache(join(dir, 'cache')) : undefined,
    budget: new MemoryBudget({}),
    store,
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await evaluatePrompt(
    { file: 'bench.prompt.yml', name: 'bench', data: prompt(model) },
    rows,
    env,
    {
      repeat,
      concurrency,
    },
  );
  await store.close();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  rmSync(dir, { recursive: true, force: true });
  const n = report.summary.evaluations;
  if (report.summary.errors > 0) throw new Error(`${report.summary.errors} evaluations failed`);
  return {
    concurrency,
    evaluations: n,
    seconds: Number(seconds.toFixed(2)),
    perMinute: Math.round((n / seconds) * 60),
    cpuMsPerEval: Number(((cpu.user + cpu.system) / 1000 / n).toFixed(3)),
  };
}

async function startServer(delayMs: number): Promise<{ baseUrl: string; stop(): void }> {
  const script = fileURLToPath(new URL('./support/openai-server-process.ts', import.meta.url));
  const child = spawn(process.execPath, [script, String(delayMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout }).once('line', resolve),
  );
  return { baseUrl: (JSON.parse(line) as { baseUrl: string }).baseUrl, stop: () => child.stdin.end() };
}

const simN = quick ? 2000 : 20000;
await measure('simulated/ticket-triage', {}, 16, 200, false); // warm-up (discarded)
const simDefault = await measure('simulated/ticket-triage', {}, DEFAULT_CONCURRENCY, simN, true);
const simRuns: Measure[] = [];
for (const c of [1, 64, 256]) simRuns.push(await measure('simulated/ticket-triage', {}, c, simN, false));
const simBest = [simDefault, ...simRuns].reduce((a, b) => (b.perMinute > a.perMinute ? b : a));

const server = await startServer(1000);
const providers = { local: { type: 'openai', baseUrl: server.baseUrl, apiKeyEnv: 'none', timeoutMs: 30000 } };
let httpDefault: Measure;
const httpRuns: Measure[] = [];
try {
  // Warm-up (discarded): loads the openai SDK and opens the connection pool, one-time costs of a process.
  await measure('local/bench-model', providers, 64, 128, false);
  httpDefault = await measure('local/bench-model', providers, DEFAULT_CONCURRENCY, quick ? 64 : 320, true);
  for (const c of quick ? [512] : [512, 1024, 1536]) {
    httpRuns.push(await measure('local/bench-model', providers, c, quick ? c * 3 : c * 10, false));
  }
} finally {
  server.stop();
}
const httpBest = httpRuns.reduce((a, b) => (b.perMinute > a.perMinute ? b : a));

process.stdout.write(
  `${JSON.stringify({
    bench: 'eval-throughput',
    node: process.version,
    cpus: (await import('node:os')).availableParallelism(),
    simulated: { default: simDefault, best: simBest, tried: simRuns },
    openaiServer1s: { default: httpDefault, best: httpBest, tried: httpRuns },
    goals: { openaiServer1sPerMinute: 30000, cpuMsPerEval: 2 },
  })}\n`,
);
