/**
 * The metrics endpoint of a worker, a coordinator and the operator: `GET /metrics` (Prometheus text format from
 * a prom-client registry) and health checks by path (`/healthz`, the operator's `/readyz`). One server for the
 * three processes, so scraping and probes behave alike.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** A health check's answer: with `detail`, a JSON body `{ok, ...detail}`; without, `ok` / `not ready` text. */
export type HealthAnswer = { ok: boolean; detail?: Record<string, unknown> };

export type HealthChecks = Readonly<Record<string, () => HealthAnswer>>;

export type MetricsServer = { server: Server; port: number; close(): Promise<void> };

/** Starts the server on `port` (0 picks a free port: tests); resolves with the bound port. */
export async function startMetricsServer(
  port: number,
  registry: Registry,
  checks: HealthChecks,
  host = '0.0.0.0',
): Promise<MetricsServer> {
  const paths = ['/metrics', ...Object.keys(checks)].join(' or ');
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/metrics') {
      registry
        .metrics()
        .then((text) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(text);
        })
        // A failed scrape answers 500 with the reason; the server keeps serving.
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        });
      return;
    }
    const check = req.method === 'GET' && Object.hasOwn(checks, path) ? checks[path] : undefined;
    if (check) {
      const h = check();
      if (h.detail) {
        res.writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: h.ok, ...h.detail }));
      } else {
        res.writeHead(h.ok ? 200 : 503, { 'content-type': 'text/plain' });
        res.end(h.ok ? 'ok\n' : 'not ready\n');
      }
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(`not found: try ${paths}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, resolve);
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
