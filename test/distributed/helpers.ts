import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import type { PlannedCase } from '../../core/evaluation/plan.ts';
import type { DistributedEvaluationRequest } from '../../evaluator/queue/queue-evaluator.ts';
import { deleteKeys } from '../../evaluator/redis/connection.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NODE = process.execPath;
export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A key prefix of its own per test, so tests never see each other's queues, caches or budgets. */
export function uniquePrefix(label: string): string {
  return `evohub-test-${label}-${randomUUID().slice(0, 8)}`;
}

export async function cleanup(redis: Redis, prefix: string): Promise<void> {
  await deleteKeys(redis, prefix);
}

/** Polls `check` until it returns a truthy value; fails after `timeoutMs` with `what`. No fixed sleeps. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

export type Spawned = {
  child: ChildProcess;
  /** stdout+stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
};

/** Spawns `node <args>` in the project root, collecting its output. */
export function spawnNode(args: string[], env: Record<string, string> = {}, cwd = ROOT): Spawned {
  const child = spawn(NODE, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { child, output: () => out, exited };
}

/** Starts `evohub worker` as a real process and waits until it is consuming. */
export async function startWorkerProcess(
  redisUrl: string,
  prefix: string,
  extra: string[] = [],
  env: Record<string, string> = {},
): Promise<Spawned> {
  const w = spawnNode(
    ['cli/bin.ts', 'worker', '--redis', redisUrl, '--queue-prefix', prefix, '--lock-ms', '1500', ...extra],
    env,
  );
  await waitFor(
    'worker ready',
    () => w.output().includes('"worker ready"') || w.child.exitCode !== null,
    60_000,
  );
  if (w.child.exitCode !== null) throw new Error(`worker exited early:\n${w.output()}`);
  return w;
}

export function killAndWait(s: Spawned, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | string> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill(signal);
  return s.exited;
}

/** The metrics port a worker started with `--metrics-port 0` printed on stdout. */
export function metricsPortOf(w: Spawned): number {
  const m = /"metricsPort":(\d+)/.exec(w.output());
  if (!m) throw new Error(`no metrics port in worker output:\n${w.output()}`);
  return Number(m[1]);
}

/** The value of one Prometheus sample (`name{labels}`), summed over matching lines; 0 when absent. */
export function sample(metrics: string, name: string, labelMatch = ''): number {
  let sum = 0;
  for (const line of metrics.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (!(rest.startsWith('{') || rest.startsWith(' ')) || !rest.includes(labelMatch)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** `n` cases asking for distinct answers; the request carries the seed in `seed`. */
export function casesOf(n: number, seed = 0): PlannedCase[] {
  return Array.from({ length: n }, (_, i) => ({
    caseIndex: i,
    caseId: `c${i}`,
    repeat: 0,
    seed,
    row: { id: `c${i}`, q: `question ${i}`, expected: 'ok' },
  }));
}

/** A request against a local OpenAI-compatible server declared as provider prefix `local`. */
export function requestFor(
  runId: string,
  baseUrl: string,
  plan: PlannedCase[],
  extra: Partial<DistributedEvaluationRequest> = {},
): DistributedEvaluationRequest {
  return {
    runId,
    prompt: {
      file: 'prompts/test.prompt.yml',
      hash: 'h-test',
      data: {
        messages: [{ role: 'user', content: 'Answer {{q}}' }],
        evaluators: [{ name: 'is-ok', string: { equals: '{{expected}}' } }],
      },
    },
    providerRef: 'local/test-model',
    providers: { local: { type: 'openai', baseUrl, maxRetries: 0, timeoutMs: 60_000 } },
    plan,
    batchSize: 5,
    concurrency: 5,
    ...extra,
  };
}
