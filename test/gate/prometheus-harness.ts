/**
 * A real Prometheus for tests: the Debian binary on a free loopback port, a temp config scraping the given
 * targets every second, and temp storage, all removed on stop. `features` become `--enable-feature=` flags
 * (`exemplar-storage` for the feedback source).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.ts';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';

export type PrometheusHarness = {
  url: string;
  /** Instant query; the vector's samples as [labels, value]. */
  query(promql: string): Promise<[Record<string, string>, number][]>;
  /** Polls (no fixed sleep) until `check` holds for the instant query's result; fails after `timeoutMs`. */
  waitFor(promql: string, check: (values: number[]) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

export type PrometheusOptions = { features?: readonly string[] };

export function prometheusAvailable(): boolean {
  return existsSync(PROMETHEUS_BIN);
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries `attempt` every 50 ms until it returns a value; fails after `timeoutMs` naming `what`. */
export async function poll<T>(
  what: string,
  timeoutMs: number,
  attempt: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await attempt();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await delay(50);
  }
}

export async function startPrometheus(
  targets: readonly string[],
  options: PrometheusOptions = {},
): Promise<PrometheusHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'evohub-prom-'));
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(
    configFile,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: app',
      '    scrape_interval: 1s',
      '    scrape_timeout: 900ms',
      '    static_configs:',
      `      - targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}]`,
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  let url = '';
  let stderr = '';
  // The free port may be taken between probing and binding; try a few.
  for (let attempt = 0; attempt < 5 && !url; attempt++) {
    const port = await freePort();
    const proc = spawn(
      PROMETHEUS_BIN,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
        ...(options.features ?? []).map((f) => `--enable-feature=${f}`),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proc.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    let exited = false;
    proc.once('exit', () => {
      exited = true;
    });
    const candidate = `http://127.0.0.1:${port}`;
    const ready = await poll('prometheus /-/ready', 20_000, async () => {
      if (exited) return false;
      const res = await fetch(`${candidate}/-/ready`).catch(() => undefined);
      return res?.ok ? true : undefined;
    });
    if (ready) {
      child = proc;
      url = candidate;
    }
  }
  if (!child) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`prometheus did not start: ${stderr.slice(-2000)}`);
  }
  const proc = child;

  const query = async (promql: string) => {
    const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
    const body = (await res.json()) as {
      status: string;
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== 'success') throw new Error(`query failed: ${JSON.stringify(body)}`);
    return body.data.result.map((r) => [r.metric, Number(r.value[1])] as [Record<string, string>, number]);
  };

  return {
    url,
    query,
    async waitFor(promql, check, timeoutMs = 20_000) {
      await poll(`${promql} to satisfy the check`, timeoutMs, async () => {
        const values = (await query(promql)).map(([, v]) => v);
        return check(values) ? true : undefined;
      });
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
