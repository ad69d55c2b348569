import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does for one request. Every behaviour may add a delay before answering. */
export type Behaviour =
  | { type: 'success'; text?: string; inputTokens?: number; outputTokens?: number; delayMs?: number }
  /** 429 with `Retry-After` (seconds or an HTTP date) and/or OpenAI's `retry-after-ms`. */
  | { type: 'rate-limit'; retryAfter?: string; retryAfterMs?: number; delayMs?: number }
  | { type: 'error'; status: number; message?: string; code?: string; retryAfter?: string; delayMs?: number }
  /** Never answers (until the server closes): exercises the client's timeout. */
  | { type: 'hang' }
  /** 200 with a body that is not JSON. */
  | { type: 'malformed'; delayMs?: number }
  /** 200 with JSON that lacks the fields the API promises. */
  | { type: 'wrong-shape'; delayMs?: number };

export type RecordedRequest = {
  path: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
};

/** A per-request script: a queue consumed in order (then `fallback`), or a function of the request number. */
export type Script = Behaviour[] | ((n: number, body: unknown) => Behaviour);

export type ScriptedServerOptions = {
  script?: Script;
  /** The behaviour once a queue script is used up (default: success). */
  fallback?: Behaviour;
  /** A delay added to every answer (benchmarks: "a server that answers after 1 s"). */
  delayMs?: number;
  /** Keep every request body (tests) or only count them (benchmarks; saves memory). */
  record?: boolean;
};

export type Payloads = {
  path: string;
  success(body: unknown, b: Extract<Behaviour, { type: 'success' }>, n: number): unknown;
  error(status: number, message: string, code?: string): unknown;
  wrongShape(): unknown;
};

export type ScriptedServer = {
  /** `http://127.0.0.1:<port>` */
  url: string;
  readonly requests: readonly RecordedRequest[];
  /** Requests received (including ones still hanging). */
  readonly count: number;
  setScript(script: Script, fallback?: Behaviour): void;
  close(): Promise<void>;
};

export async function startScriptedServer(
  payloads: Payloads,
  opts: ScriptedServerOptions = {},
): Promise<ScriptedServer> {
  let script: Script = opts.script ?? [];
  let fallback: Behaviour = opts.fallback ?? { type: 'success' };
  const record = opts.record ?? true;
  const requests: RecordedRequest[] = [];
  let count = 0;
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number | undefined, fn: () => void) => {
    const total = (opts.delayMs ?? 0) + (ms ?? 0);
    if (total <= 0) return fn();
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, total);
    timers.add(t);
  };

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    if (res.destroyed) return;
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...headers,
    });
    res.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const n = count++;
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    if (record)
      requests.push({ path: req.url ?? '', method: req.method ?? '', headers: { ...req.headers }, body });
    if (req.method !== 'POST' || !(req.url ?? '').endsWith(payloads.path)) {
      return send(res, 404, JSON.stringify(payloads.error(404, `no route ${req.method} ${req.url}`)));
    }
    const b: Behaviour = typeof script === 'function' ? script(n, body) : (script.shift() ?? fallback);
    switch (b.type) {
      case 'hang':
        return;
      case 'success':
        return later(b.delayMs, () => send(res, 200, JSON.stringify(payloads.success(body, b, n))));
      case 'rate-limit': {
        const headers: Record<string, string> = {};
        if (b.retryAfter !== undefined) headers['retry-after'] = b.retryAfter;
        if (b.retryAfterMs !== undefined) headers['retry-after-ms'] = String(b.retryAfterMs);
        return later(b.delayMs, () =>
          send(res, 429, JSON.stringify(payloads.error(429, 'Rate limit reached, slow down')), headers),
        );
      }
      case 'error':
        return later(b.delayMs, () =>
          send(
            res,
            b.status,
            JSON.stringify(payloads.error(b.status, b.message ?? 'internal error', b.code)),
            b.retryAfter ? { 'retry-after': b.retryAfter } : {},
          ),
        );
      case 'malformed':
        return later(b.delayMs, () => send(res, 200, '{"id": "trunc'));
      case 'wrong-shape':
        return later(b.delayMs, () => send(res, 200, JSON.stringify(payloads.wrongShape())));
    }
  };

  const server: Server = createServer(
    { keepAlive: true, keepAliveTimeout: 60_000, requestTimeout: 0 },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
    },
  );
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.maxRequestsPerSocket = 0;
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get count() {
      return count;
    },
    setScript(next: Script, nextFallback?: Behaviour) {
      script = next;
      if (nextFallback) fallback = nextFallback;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
