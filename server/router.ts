/**
 * How route modules declare their routes: a path, the scope it needs and a handler that returns data. The
 * router adds the guard, turns the data into redacted JSON and typed errors into their HTTP answers.
 */
import type { Context, Hono } from 'hono';
import type { ServerDeps } from './deps.ts';
import { jsonResponse } from './http-errors.ts';
import { type Caller, type GuardOptions, requireScope } from './security/guard.ts';
import type { Scope } from './security/keys.ts';

export type Env = { Variables: { caller: Caller } };
export type Handler = (c: Context<Env>) => Promise<unknown>;

export type Router = {
  deps: ServerDeps;
  get(path: string, scope: Scope, handler: Handler): void;
  post(path: string, scope: Scope, handler: Handler): void;
  /** A route that writes its own response (the event stream). */
  raw(path: string, scope: Scope, handler: (c: Context<Env>) => Promise<Response>): void;
};

export function router(app: Hono<Env>, deps: ServerDeps, guard: GuardOptions): Router {
  const json = (handler: Handler) => async (c: Context<Env>) =>
    jsonResponse(c, deps.redact, await handler(c));
  return {
    deps,
    get: (path, scope, handler) => app.get(path, requireScope(guard, scope), json(handler)),
    post: (path, scope, handler) => app.post(path, requireScope(guard, scope), json(handler)),
    raw: (path, scope, handler) => app.get(path, requireScope(guard, scope), handler),
  };
}
