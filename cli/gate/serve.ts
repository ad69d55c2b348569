import { createServer, type Server } from 'node:http';
import type { PrometheusClient } from '../../adapters/prometheus/prometheus-client.ts';
import { isEvohubError } from '../../core/errors.ts';
import { type GateConfig, parseWindowFlag, withCanaryWeight } from '../../core/gate/config.ts';
import { evaluateGate } from './evaluate.ts';
import { gateResultJson } from './format.ts';

export type GateServerOptions = {
  config: GateConfig;
  client: PrometheusClient;
  port: number;
  host: string;
  /** Default window (`--window`), overridable per request with `?window=`. */
  window?: [string, number];
  now?: () => number;
};

export type GateServer = { server: Server; url: string; close(): Promise<void> };

/**
 * `evohub gate serve`: each `GET /` (or `/decision`) evaluates the gate afresh and answers 200 with the
 * GateResult JSON, whose `decision` an Argo Rollouts `web` metric tests. Query parameters: `window` (e.g. 15m)
 * and `canaryWeight` (percent, the split the current Rollout step set). When no decision can be made
 * (Prometheus down, no samples) it answers 503 with `{"decision": "error", "error": ...}`, which Argo records
 * as a measurement error: never a promotion. `GET /healthz` answers 200 without querying Prometheus.
 */
export async function startGateServer(options: GateServerOptions): Promise<GateServer> {
  const now = options.now ?? (() => Date.now() / 1000);
  const server = createServer((req, res) => {
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(`${body}\n`);
    };
    const url = new URL(req.url ?? '/', 'http://gate');
    if (req.method !== 'GET') return send(405, JSON.stringify({ error: 'only GET is supported' }));
    if (url.pathname === '/healthz') return send(200, JSON.stringify({ ok: true }));
    if (url.pathname !== '/' && url.pathname !== '/decision') {
      return send(404, JSON.stringify({ error: `unknown path ${url.pathname}; use / or /decision` }));
    }
    void (async () => {
      try {
        const w = url.searchParams.get('window');
        const window = w ? parseWindowFlag(w, '?window=') : options.window;
        const weight = url.searchParams.get('canaryWeight');
        const config = weight ? withCanaryWeight(options.config, weight, '?canaryWeight=') : options.config;
        const result = await evaluateGate({
          config,
          client: options.client,
          now: now(),
          ...(window ? { window } : {}),
        });
        send(200, gateResultJson(result));
      } catch (error) {
        // Reported to the caller (Argo Rollouts) as a 400/503 with the message; the server keeps serving.
        const message = isEvohubError(error) ? error.userMessage() : `internal error: ${String(error)}`;
        const status = isEvohubError(error) && error.code === 'USAGE' ? 400 : 503;
        send(status, JSON.stringify({ decision: 'error', error: message }));
      }
    })();
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    url: `http://${shownHost}:${port}`,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.close((err) => (err ? reject(err) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}
