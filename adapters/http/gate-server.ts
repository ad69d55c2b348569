/**
 * The HTTP side of `evohub gate serve`: routing, status codes and error bodies. What a decision is comes from
 * the caller (`decide`, wired by cli/gate/serve-command.ts), so this adapter knows nothing of Prometheus or the
 * statistics.
 */
import { createServer, type Server } from 'node:http';
import { isEvohubError } from '../../core/errors.ts';

/** The query parameters a decision may take: `window` (e.g. 15m) and `canaryWeight` (percent). */
export type GateQuery = { window?: string; canaryWeight?: string };

export type GateServerOptions = {
  /** Evaluates the gate afresh and returns the GateResult as JSON text. */
  decide: (query: GateQuery) => Promise<string>;
  port: number;
  host: string;
};

export type GateServer = { server: Server; url: string; close(): Promise<void> };

/**
 * Each `GET /` (or `/decision`) answers 200 with the decision JSON, whose `decision` an Argo Rollouts `web`
 * metric tests. When no decision can be made (Prometheus down, no samples) it answers 503 with
 * `{"decision": "error", "error": ...}` (400 for a bad query parameter), which Argo records as a measurement
 * error: never a promotion. `GET /healthz` answers 200 without deciding anything.
 */
export async function startGateServer(options: GateServerOptions): Promise<GateServer> {
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
    const query: GateQuery = {};
    const window = url.searchParams.get('window');
    const weight = url.searchParams.get('canaryWeight');
    if (window) query.window = window;
    if (weight) query.canaryWeight = weight;
    void options.decide(query).then(
      (body) => send(200, body),
      (error: unknown) => {
        // Reported to the caller (Argo Rollouts) as a 400/503 with the message; the server keeps serving.
        const message = isEvohubError(error) ? error.userMessage() : `internal error: ${String(error)}`;
        const status = isEvohubError(error) && error.code === 'USAGE' ? 400 : 503;
        send(status, JSON.stringify({ decision: 'error', error: message }));
      },
    );
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
