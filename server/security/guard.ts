/**
 * Who may call what. Reads need a read or write key when the server runs with --auth (always off loopback);
 * on loopback without --auth they are open. Writes always need a write key, also on loopback: any local process
 * or browser tab could otherwise promote a prompt. Write requests must also come from this origin (CSRF) with a
 * JSON body, and every request must name an allowed Host (DNS rebinding).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { HttpError } from '../http-errors.ts';
import type { KeyStore, Scope } from './keys.ts';

export type Caller = { id: string; scope: Scope | 'none' };

export type GuardOptions = {
  keys: KeyStore;
  auth: boolean;
  /** Host header values accepted (`127.0.0.1:7070`, `localhost:7070`); empty = any (a non-loopback bind). */
  allowedHosts: readonly string[];
};

const RANK: Readonly<Record<Caller['scope'], number>> = { none: 0, read: 1, write: 2 };

async function callerOf(c: Context, o: GuardOptions): Promise<Caller> {
  const header = c.req.header('authorization');
  if (header === undefined) return { id: 'anonymous', scope: o.auth ? 'none' : 'read' };
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  const key = m ? await o.keys.verify(m[1] as string) : undefined;
  if (!key) {
    throw new HttpError(
      'UNAUTHORIZED',
      'the Authorization header holds no valid evohub API key',
      'create one with `evohub serve keys create --scope read`',
    );
  }
  return { id: key.id, scope: key.scope };
}

/** Rejects a cross-site write: a browser always sends Origin on POST; it must be this server's own origin. */
function checkSameOrigin(c: Context): void {
  const origin = c.req.header('origin');
  const host = c.req.header('host');
  const site = c.req.header('sec-fetch-site');
  if (origin !== undefined) {
    let originHost = '';
    try {
      originHost = new URL(origin).host;
    } catch {
      // An unparsable Origin is as good as a foreign one.
    }
    if (originHost !== host)
      throw new HttpError('FORBIDDEN', `cross-origin write refused (Origin ${origin})`);
  } else if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new HttpError('FORBIDDEN', `cross-site write refused (Sec-Fetch-Site ${site})`);
  }
  const type = c.req.header('content-type') ?? '';
  // A form post cannot send application/json without a CORS preflight, which this server never grants.
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError('USAGE', 'write requests take a JSON body (Content-Type: application/json)');
  }
}

export function hostCheck(o: GuardOptions): MiddlewareHandler {
  return async (c, next) => {
    if (o.allowedHosts.length > 0 && !o.allowedHosts.includes(c.req.header('host') ?? '')) {
      throw new HttpError('FORBIDDEN', `unexpected Host header; open the URL evohub serve printed`);
    }
    await next();
  };
}

/** The middleware of a route needing `scope`; the caller is left in `c.get('caller')` for the audit log. */
export function requireScope(
  o: GuardOptions,
  scope: Scope,
): MiddlewareHandler<{ Variables: { caller: Caller } }> {
  return async (c, next) => {
    const caller = await callerOf(c, o);
    if (RANK[caller.scope] < RANK[scope]) {
      throw caller.id === 'anonymous'
        ? new HttpError(
            'UNAUTHORIZED',
            `this route needs a ${scope}-scope API key (Authorization: Bearer <key>)`,
            `create one with \`evohub serve keys create --scope ${scope}\``,
          )
        : new HttpError(
            'FORBIDDEN',
            `this route needs a ${scope}-scope key`,
            scope === 'write' ? 'create one with `evohub serve keys create --scope write`' : undefined,
          );
    }
    if (scope === 'write') checkSameOrigin(c);
    c.set('caller', caller);
    await next();
  };
}
