/**
 * A small application instrumented with the runtime SDK, for the gate's end-to-end tests: it serves a prompt in
 * two variants (stable and canary, each loaded from a ConfigMap-style mounted directory), records every
 * request's outcome, and exposes `/metrics` for Prometheus. `POST /drive` is the load driver: it runs many
 * simulated requests in-process (seeded, so every run produces the same outcomes) through the same handler
 * `GET /answer` uses; `POST /restart` resets every counter, as a restarted process would; `POST /poison`
 * makes `/metrics` show one sample value (e.g. `NaN`, `-4000`) for every series of a metric, prompt and variant,
 * as a broken exporter would.
 */
import { createServer, type Server } from 'node:http';
import { Registry } from 'prom-client';
import { seededRandom } from '../../core/evaluation/plan.ts';
import {
  createOutcomeRecorder,
  type LoadedPrompt,
  loadPrompt,
  type OutcomeRecorder,
} from '../../runtime/index.ts';

export type VariantBehaviour = { successRate: number; latencyMs: number; costUsd: number };

export type DriveRequest = {
  prompt: string;
  /** Requests in total. */
  n: number;
  /** Share of requests the canary gets (assigned exactly, not drawn). */
  canaryShare: number;
  seed: number;
  stable: VariantBehaviour;
  canary: VariantBehaviour;
};

export type PoisonRequest = { metric: string; prompt: string; variant: string; value: string };

export type OutcomeApp = { url: string; hostPort: string; close(): Promise<void> };

function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export async function startOutcomeApp(dirs: { stable: string; canary: string }): Promise<OutcomeApp> {
  // `POST /restart` replaces both, as a process restart would: every counter starts again from zero.
  let registry = new Registry();
  let recorders: Record<'stable' | 'canary', OutcomeRecorder> = {
    stable: createOutcomeRecorder({ registry, variant: 'stable' }),
    canary: createOutcomeRecorder({ registry, variant: 'canary' }),
  };
  const poisons: PoisonRequest[] = [];
  const poisoned = (text: string) =>
    text
      .split('\n')
      .map((line) => {
        const p = poisons.find(
          (x) =>
            line.startsWith(`${x.metric}{`) &&
            line.includes(`prompt="${x.prompt}"`) &&
            line.includes(`variant="${x.variant}"`),
        );
        return p ? line.replace(/ \S+$/, ` ${p.value}`) : line;
      })
      .join('\n');
  const restart = () => {
    registry = new Registry();
    recorders = {
      stable: createOutcomeRecorder({ registry, variant: 'stable' }),
      canary: createOutcomeRecorder({ registry, variant: 'canary' }),
    };
  };

  /** One request: render the variant's prompt, "answer" it, record the outcome. */
  function answer(
    loaded: LoadedPrompt,
    variant: 'stable' | 'canary',
    b: VariantBehaviour,
    rand: () => number,
  ) {
    const messages = loaded.render({ question: `q${Math.floor(rand() * 1000)}` });
    const success = rand() < b.successRate;
    const latencyMs = Math.max(1, b.latencyMs * (1 + 0.2 * normal(rand)));
    const costUsd = Math.max(0, b.costUsd * (1 + 0.1 * normal(rand)));
    recorders[variant].record({
      prompt: loaded.name,
      version: loaded.version,
      success,
      latencyMs,
      costUsd,
      rating: success ? 4 + Math.round(rand()) : 1 + Math.round(rand()),
    });
    return { variant, version: loaded.version, messages: messages.length, success };
  }

  async function drive(d: DriveRequest) {
    const rand = seededRandom(d.seed); // seeded: the same outcomes on every run
    const prompts = {
      stable: await loadPrompt({ dir: dirs.stable, name: d.prompt }),
      canary: await loadPrompt({ dir: dirs.canary, name: d.prompt }),
    };
    const counts = { stable: 0, canary: 0 };
    for (let i = 0; i < d.n; i++) {
      // Evenly interleaved with exactly floor(n * share) canary requests.
      const variant =
        Math.floor((i + 1) * d.canaryShare) > Math.floor(i * d.canaryShare) ? 'canary' : 'stable';
      answer(prompts[variant], variant, d[variant], rand);
      counts[variant]++;
    }
    return counts;
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://app');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    void (async () => {
      try {
        if (req.method === 'GET' && url.pathname === '/metrics') {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(poisoned(await registry.metrics()));
        } else if (req.method === 'GET' && url.pathname === '/answer') {
          const variant = url.searchParams.get('variant') === 'canary' ? 'canary' : 'stable';
          const b = { successRate: 0.9, latencyMs: 200, costUsd: 0.001 };
          const loaded = await loadPrompt({ dir: dirs[variant], name: url.searchParams.get('prompt') ?? '' });
          json(200, answer(loaded, variant, b, Math.random));
        } else if (req.method === 'POST' && url.pathname === '/restart') {
          restart();
          json(200, { restarted: true });
        } else if (req.method === 'POST' && url.pathname === '/poison') {
          let body = '';
          for await (const chunk of req) body += chunk;
          poisons.push(JSON.parse(body) as PoisonRequest);
          json(200, { poisoned: poisons.length });
        } else if (req.method === 'POST' && url.pathname === '/drive') {
          let body = '';
          for await (const chunk of req) body += chunk;
          json(200, await drive(JSON.parse(body) as DriveRequest));
        } else {
          json(404, { error: 'not found' });
        }
      } catch (e) {
        json(500, { error: String(e) });
      }
    })();
  });
  // Idle keep-alive sockets stay open for the test's whole life (close() ends them): with Node's 5 s default, a
  // loaded machine let the server drop a socket just as fetch reused it (ECONNRESET).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    hostPort: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
