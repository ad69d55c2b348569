import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

export type HttpAgentOptions = {
  /** Sockets per origin; the default (no cap) lets hundreds of calls be in flight to one server. */
  maxSockets?: number;
  /**
   * Idle keep-alive sockets kept per origin; the default keeps as many as the busiest moment used (a run's
   * concurrency), so that `--concurrency` above it does not close and reopen sockets on every call. The server's
   * keep-alive timeout closes the ones left idle.
   */
  maxFreeSockets?: number;
};

/** One keep-alive agent per protocol; each provider makes its own (no module-level state). */
export type HttpAgents = { 'http:': http.Agent; 'https:': https.Agent };

export function createHttpAgents(opts: HttpAgentOptions = {}): HttpAgents {
  const agentOptions = {
    keepAlive: true,
    maxSockets: opts.maxSockets ?? Infinity,
    maxFreeSockets: opts.maxFreeSockets ?? Infinity,
    // The most recently used socket first: the pool stays as small as the load needs.
    scheduling: 'lifo' as const,
  };
  return { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
}

/** Where a request goes, parsed once (a URL object costs a parse per request in node:http). */
export type HttpTarget = { protocol: 'http:' | 'https:'; hostname: string; port: string; path: string };

/** The target of an http(s) URL; undefined for other protocols. */
export function httpTarget(url: URL): HttpTarget | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // node:http wants an IPv6 literal without its brackets.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { protocol: url.protocol, hostname, port: url.port, path: `${url.pathname}${url.search}` };
}

export type HttpRequestInit = {
  method: string;
  /** Lower-case names; content-length and accept-encoding are added here. */
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
};

/** A whole answer: status, headers as node:http gives them, the body decoded (gzip, deflate, br). */
export type HttpAnswer = {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
};

/**
 * One request over the agents' keep-alive sockets, reading the whole answer. Rejects with the socket's error
 * (ECONNREFUSED, …), an AbortError when `signal` fires, or the decoder's error for a corrupt compressed body.
 */
export function httpRequest(
  agents: HttpAgents,
  target: HttpTarget,
  init: HttpRequestInit,
): Promise<HttpAnswer> {
  const transport = target.protocol === 'https:' ? https : http;
  const headers = init.headers;
  if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
  headers['accept-encoding'] ??= 'gzip, deflate, br';
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = transport.request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: target.path,
        method: init.method,
        headers,
        agent: agents[target.protocol],
        signal: init.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          let body: Buffer;
          try {
            const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
            body = decode(raw, res.headers['content-encoding']);
          } catch (error) {
            return reject(error);
          }
          resolve({
            status: res.statusCode ?? 502,
            statusText: res.statusMessage ?? '',
            headers: res.headers,
            body,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

function decode(bytes: Buffer, encoding: string | undefined): Buffer {
  if (encoding === undefined) return bytes;
  switch (encoding.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(bytes);
    case 'deflate':
      return zlib.inflateSync(bytes);
    case 'br':
      return zlib.brotliDecompressSync(bytes);
    default:
      return bytes;
  }
}
