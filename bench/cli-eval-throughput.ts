/**
 * The CLI path's own cost: runs the real `evohub eval` process (node cli/bin.ts, default settings: disk cache,
 * DuckDB results store) against a local OpenAI-compatible server in its own process that answers after exactly
 * 1 s, at several concurrencies. Per level: evaluations/minute of the whole process (spawn to exit) and of the
 * steady state (after subtracting a start-up run of 1 evaluation), whole-process CPU per evaluation (marginal:
 * the start-up run's CPU subtracted), the mean call latency the client added over the server's 1 s, and the
 * fraction of the Little's-law maximum (C calls per second). Rounds are interleaved; figures are medians.
 * Prints ONE JSON line.
 *
 *   npx node bench/cli-eval-throughput.ts [--levels 64,256,512,1024] [--evaluations 3000] [--rounds 1]
 *                                         [--cpu-prof-dir DIR]   (profiles the measured runs with --cpu-prof)
 *                                         [--no-cache]           (evohub eval --no-cache)
 *                                         [--cli OTHER/cli/bin.ts] (another checkout's CLI, for before/after)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    levels: { type: 'string', default: '64,256,512,1024' },
    evaluations: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '1' },
    'cpu-prof-dir': { type: 'string' },
    /** Runs `evohub eval --no-cache` (what the response cache costs is the difference). */
    'no-cache': { type: 'boolean', default: false },
    /** Another checkout's cli/bin.ts (e.g. the base branch's, for before/after figures on the same machine). */
    cli: { type: 'string' },
  },
});
const levels = values.levels.split(',').map(Number);
const baseEvaluations = Number(values.evaluations);
const rounds = Number(values.rounds);
const profDir = values['cpu-prof-dir'] ? resolve(values['cpu-prof-dir']) : undefined;
const SERVER_DELAY_MS = 1000;
const ROWS = 100;
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const cliBin = values.cli ? resolve(values.cli) : here('../cli/bin.ts');
const cpuPreload = here('./support/cpu-at-exit.ts');

const LABELS = ['billing', 'bug', 'feature_request', 'account', 'other'];

function promptYaml(): string {
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const ticket = `Ticket ${i}: I was charged twice for invoice ${i}, please refund the extra payment.`;
    return `  - ticket: "${ticket}"\n    expected: ${LABELS[i % LABELS.length]}`;
  });
  return [
    'name: bench',
    'model: local/bench-model',
    'modelParameters:',
    '  maxTokens: 5',
    '  temperature: 0',
    'messages:',
    '  - role: system',
    '    content: Classify the support ticket as billing, bug, feature_request, account or other. Answer with the label only.',
    '  - role: user',
    "    content: '{{ticket}}'",
    'testData:',
    ...rows,
    'evaluators:',
    '  - name: accuracy',
    '    string:',
    "      equals: '{{expected}}'",
    '  - name: label-format',
    '    regex:',
    "      pattern: '^(billing|bug|feature_request|account|other)$'",
    '',
  ].join('\n');
}

/** A fresh project (empty cache, new DuckDB file), so every evaluation is a paid call. */
function makeProject(baseUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'evohub-cli-bench-'));
  writeFileSync(
    join(dir, 'evohub.yaml'),
    `providers:\n  local:\n    type: openai\n    baseUrl: ${baseUrl}\n    apiKeyEnv: none\n    timeoutMs: 60000\n`,
  );
  writeFileSync(join(dir, 'bench.prompt.yml'), promptYaml());
  return dir;
}

type Run = {
  wallMs: number;
  cpuMs: number;
  systemMs: number;
  maxRssMb: number;
  evaluations: number;
  meanLatencyMs: number;
};

async function runEval(baseUrl: string, args: string[], prof?: string): Promise<Run> {
  const dir = makeProject(baseUrl);
  const cpuFile = join(dir, 'cpu.json');
  const nodeArgs = ['--import', cpuPreload, ...(prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : [])];
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [...nodeArgs, cliBin, 'eval', 'bench.prompt.yml', '--json', ...args],
    {
      cwd: dir,
      env: { ...process.env, EVOHUB_BENCH_CPU_FILE: cpuFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c;
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c;
  });
  const code = await new Promise<number | null>((res) => child.on('close', res));
  const wallMs = performance.now() - t0;
  try {
    if (code !== 0) throw new Error(`evohub eval ${args.join(' ')} exited ${code}: ${stderr}`);
    const cpu = JSON.parse(readFileSync(cpuFile, 'utf8')) as {
      userUs: number;
      systemUs: number;
      maxRssKb: number;
    };
    const report = JSON.parse(stdout) as {
      summary: { evaluations: number; errors: number; latencyMs: { mean: number } };
    };
    if (report.summary.errors > 0) throw new Error(`${report.summary.errors} evaluations failed`);
    return {
      wallMs,
      cpuMs: (cpu.userUs + cpu.systemUs) / 1000,
      systemMs: cpu.systemUs / 1000,
      maxRssMb: Math.round(cpu.maxRssKb / 1024),
      evaluations: report.summary.evaluations,
      meanLatencyMs: report.summary.latencyMs.mean,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startServer(delayMs: number): Promise<{ baseUrl: string; stop(): void }> {
  const script = here('./support/openai-server-process.ts');
  const child = spawn(process.execPath, [script, String(delayMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((res) => createInterface({ input: child.stdout }).once('line', res));
  return { baseUrl: (JSON.parse(line) as { baseUrl: string }).baseUrl, stop: () => child.stdin.end() };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const round = (x: number, digits: number) => Number(x.toFixed(digits));

type Sample = {
  perMinute: number;
  steadyPerMinute: number;
  cpuMsPerEval: number;
  marginalCpuMsPerEval: number;
  /** The kernel's share of the marginal CPU (sockets, files). */
  systemShare: number;
  addedLatencyMs: number;
  maxRssMb: number;
};

const server = await startServer(SERVER_DELAY_MS);
const samples = new Map<number, Sample[]>(levels.map((c) => [c, []]));
const startup: Run[] = [];
try {
  // Warm-up (discarded): fills Node's compile cache so the first level does not pay for it.
  await runEval(server.baseUrl, ['--sample', '1']);
  for (let r = 0; r < rounds; r++) {
    for (const c of levels) {
      const evaluations = Math.max(baseEvaluations, 3 * c);
      const repeat = Math.ceil(evaluations / ROWS);
      const one = await runEval(server.baseUrl, ['--sample', '1', '--concurrency', String(c)]);
      startup.push(one);
      const prof = profDir ? join(profDir, `c${c}-r${r}`) : undefined;
      if (prof) mkdirSync(prof, { recursive: true });
      const full = await runEval(
        server.baseUrl,
        ['--repeat', String(repeat), '--concurrency', String(c)],
        prof,
      );
      const n = full.evaluations;
      (samples.get(c) as Sample[]).push({
        perMinute: (n / full.wallMs) * 60_000,
        steadyPerMinute: ((n - 1) / (full.wallMs - one.wallMs)) * 60_000,
        cpuMsPerEval: full.cpuMs / n,
        marginalCpuMsPerEval: (full.cpuMs - one.cpuMs) / (n - 1),
        systemShare: (full.systemMs - one.systemMs) / (full.cpuMs - one.cpuMs),
        addedLatencyMs: full.meanLatencyMs - SERVER_DELAY_MS,
        maxRssMb: full.maxRssMb,
      });
    }
  }
} finally {
  server.stop();
}

const perLevel = levels.map((c) => {
  const s = samples.get(c) as Sample[];
  const pick = (k: keyof Sample) => median(s.map((x) => x[k]));
  const theoreticalPerMinute = c * (60_000 / SERVER_DELAY_MS);
  return {
    concurrency: c,
    evaluations: Math.ceil(Math.max(baseEvaluations, 3 * c) / ROWS) * ROWS,
    perMinute: Math.round(pick('perMinute')),
    steadyPerMinute: Math.round(pick('steadyPerMinute')),
    theoreticalPerMinute,
    fractionOfTheoretical: round(pick('steadyPerMinute') / theoreticalPerMinute, 3),
    cpuMsPerEval: round(pick('cpuMsPerEval'), 3),
    marginalCpuMsPerEval: round(pick('marginalCpuMsPerEval'), 3),
    systemShare: round(pick('systemShare'), 2),
    addedLatencyMs: Math.round(pick('addedLatencyMs')),
    maxRssMb: Math.round(pick('maxRssMb')),
  };
});
const high = perLevel.filter((l) => l.concurrency >= 512);
// Below 26,000/min of theoretical maximum (C=256 with a 1 s server: 15,360/min by Little's law) the throughput
// goal cannot be met; such levels report their fraction of the maximum instead.
const reachable = perLevel.filter((l) => l.concurrency >= 256 && l.theoreticalPerMinute >= 26_000);
const unreachable = perLevel.filter((l) => l.concurrency >= 256 && l.theoreticalPerMinute < 26_000);

process.stdout.write(
  `${JSON.stringify({
    bench: 'cli-eval-throughput',
    node: process.version,
    cpus: availableParallelism(),
    loadAverage1m: round(loadavg()[0] as number, 1),
    serverDelayMs: SERVER_DELAY_MS,
    cache: !values['no-cache'],
    rounds,
    startup: {
      wallMs: Math.round(median(startup.map((s) => s.wallMs))),
      cpuMs: Math.round(median(startup.map((s) => s.cpuMs))),
    },
    levels: perLevel,
    goals: {
      marginalCpuMsPerEvalAt512Plus: 0.6,
      addedLatencyMs: 100,
      perMinuteAt256Plus: 26_000,
      met: {
        cpu: high.every((l) => l.marginalCpuMsPerEval <= 0.6),
        latency: perLevel.every((l) => l.addedLatencyMs <= 100),
        throughput: reachable.every((l) => l.perMinute >= 26_000),
      },
      impossibleByLittlesLaw: unreachable.map((l) => ({
        concurrency: l.concurrency,
        fractionOfTheoretical: l.fractionOfTheoretical,
      })),
    },
  })}\n`,
);
