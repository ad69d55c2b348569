/**
 * The dashboard's HTTP application: security headers and the Host check on everything, the JSON API under
 * /api/v1 (one module per area, declared through the router), the OpenAPI document, and the static UI.
 */
import { Hono } from 'hono';
import type { ServerDeps } from './deps.ts';
import { errorBody, jsonResponse } from './http-errors.ts';
import { openApiDocument } from './openapi.ts';
import { type Env, type Router, router } from './router.ts';
import { actionRoutes } from './routes/actions.ts';
import { canaryRoutes } from './routes/canary.ts';
import { candidateRoutes } from './routes/candidates.ts';
import { evolutionRoutes } from './routes/evolutions.ts';
import { lineageRoutes } from './routes/lineage.ts';
import { promptRoutes } from './routes/prompts.ts';
import { runRoutes } from './routes/runs.ts';
import { hostCheck } from './security/guard.ts';
import { securityHeaders } from './security/headers.ts';
import { staticHandler } from './static-files.ts';

/** The API's areas; a new area is one module here. Order matters only where paths overlap (lineage before prompts). */
const ROUTE_MODULES: readonly ((r: Router) => void)[] = [
  lineageRoutes,
  promptRoutes,
  runRoutes,
  evolutionRoutes,
  candidateRoutes,
  canaryRoutes,
  actionRoutes,
];

export const API_VERSION = '1.0.0';

export function createApp(
  deps: ServerDeps,
  o: { allowedHosts: readonly string[]; version: string },
): Hono<Env> {
  const app = new Hono<Env>();
  const guard = { keys: deps.keys, auth: deps.auth, allowedHosts: o.allowedHosts };
  app.use('*', securityHeaders());
  app.use('*', hostCheck(guard));
  app.onError((error, c) => {
    const { status, body } = errorBody(error);
    // A bug: the client gets no detail, the operator's terminal gets the redacted stack to report it.
    if (body.error.code === 'INTERNAL') {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(
        `evohub serve: internal error on ${c.req.method} ${c.req.path}: ${deps.redact(text)}\n`,
      );
    }
    return jsonResponse(c, deps.redact, body, status);
  });
  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument));
  const r = router(app, deps, guard);
  r.get('/api/v1/info', 'read', async () => ({
    name: 'evohub',
    version: o.version,
    auth: deps.auth,
    live: deps.redis === true,
    writable: deps.actions !== undefined,
    openapi: '/api/v1/openapi.json',
  }));
  for (const add of ROUTE_MODULES) add(r);
  app.all('/api/*', (c) =>
    jsonResponse(
      c,
      deps.redact,
      { error: { code: 'NOT_FOUND', message: `no API route ${c.req.method} ${c.req.path}` } },
      404,
    ),
  );
  app.get('*', staticHandler(deps));
  return app;
}
