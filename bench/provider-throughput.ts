/**
 * Model calls per minute through the openai provider + model caller against a local OpenAI-compatible server
 * (in a child process) that answers after `--delay-ms` (default 1000), with `--concurrency` calls in flight
 * (default 512) for `--calls` calls (default 4 × concurrency). No cache, no budget: the raw call path.
 * Prints one JSON line: calls/minute, client CPU ms per call, peak RSS.
 *   npx node bench/provider-throughput.ts [--concurrency 512] [--calls 2048] [--delay-ms 1000]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createModelCaller } from '../evaluator/model-caller.ts';
import { createProvider } from '../evaluator/providers/registry.ts';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '512' },
    calls: { type: 'string' },
    'delay-ms': { type: 'string', default: '1000' },
  },
});
const concurrency = Number(values.concurrency);
const calls = Number(values.calls ?? concurrency * 4);
const delayMs = Number(values['delay-ms']);

const child = spawn(
  process.execPath,
  [fileURLToPath(new URL('../test/servers/serve.ts', import.meta.url)), '--delay-ms', String(delayMs)],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const first = await new Promise<string>((resolve) =>
  createInterface({ input: child.stdout! }).once('line', resolve),
);
const { baseUrl } = JSON.parse(first) as { baseUrl: string };

try {
  const provider = await createProvider('bench/model', {
    providers: { bench: { type: 'openai', baseUrl, apiKeyEnv: 'none' } },
    env: {},
    baseDir: process.cwd(),
  });
  const caller = createModelCaller({ provider, config: { timeoutMs: 30_000 } });
  const request = (i: number) => ({
    model: 'model',
    messages: [
      { role: 'system' as const, content: 'Classify the ticket. Respond with only the label.' },
      { role: 'user' as const, content: `ticket number ${i}: I was charged twice` },
    ],
    parameters: { maxTokens: 10, temperature: 0 },
  });
  // Warm up the connection pool.
  await Promise.all(
    Array.from({ length: Math.min(concurrency, 64) }, (_, i) => caller.call(request(-i - 1))),
  );
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        const i = next++;
        try {
          await caller.call(request(i));
        } catch {
          // Counted, not fatal: the benchmark reports the failure count.
          failures++;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'provider-throughput',
      concurrency,
      calls,
      delayMs,
      failures,
      callsPerMinute: Math.round((calls / seconds) * 60),
      cpuMsPerCall: Number(((cpu.user + cpu.system) / 1000 / calls).toFixed(3)),
      peakRssMb: Math.round(process.memoryUsage().rss / 1e6),
      node: process.version,
    })}\n`,
  );
} finally {
  child.kill('SIGTERM');
}
