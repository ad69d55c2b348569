// The JSON API client (/api/v1, described by /api/v1/openapi.json). An API key, when the server asks for one,
// is kept in sessionStorage for this tab only and sent as a Bearer token.

const BASE = '/api/v1';
const KEY = 'evohub.apiKey';

export class ApiError extends Error {
  constructor(status, message, path) {
    super(message);
    this.status = status;
    this.path = path;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY) ?? '';
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

function headers(extra) {
  const key = apiKey();
  return { accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...extra };
}

/** Builds `/api/v1/<path>?<query>` leaving out empty query values. */
export function url(path, query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return `${BASE}${path}${s ? `?${s}` : ''}`;
}

async function parse(res, path) {
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const msg = body?.error?.message ?? body?.message ?? body?.error ?? `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, typeof msg === 'string' ? msg : JSON.stringify(msg), path);
  }
  return body;
}

export async function get(path, query, signal) {
  const res = await fetch(url(path, query), { headers: headers(), signal });
  return parse(res, path);
}

export async function post(path, body, signal) {
  const res = await fetch(url(path), {
    method: 'POST',
    headers: headers({ 'content-type': 'application/json' }),
    body: JSON.stringify(body ?? {}),
    signal,
  });
  return parse(res, path);
}

/**
 * Server-Sent Events over fetch (EventSource cannot send the Authorization header). Calls onEvent({ event,
 * data }) per message, data parsed as JSON when it is JSON; resolves when the stream ends; stops on abort.
 */
export async function events(path, onEvent, signal) {
  const res = await fetch(url(path), { headers: headers({ accept: 'text/event-stream' }), signal });
  if (!res.ok || !res.body) await parse(res, path);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value.replace(/\r\n?/g, '\n');
    let i = buf.indexOf('\n\n');
    while (i >= 0) {
      dispatch(buf.slice(0, i), onEvent);
      buf = buf.slice(i + 2);
      i = buf.indexOf('\n\n');
    }
  }
  if (buf.trim()) dispatch(buf, onEvent);
}

function dispatch(block, onEvent) {
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const at = line.indexOf(':');
    const field = at < 0 ? line : line.slice(0, at);
    const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return;
  const raw = data.join('\n');
  let parsed = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Not JSON: hand over the text.
  }
  onEvent({ event, data: parsed });
}
