import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../../server/app.ts';
import type { ServerDeps } from '../../server/deps.ts';
import { openApiDocument } from '../../server/openapi.ts';

test('every API route the app serves is in the OpenAPI document, and every documented one is served', () => {
  // Declaring routes touches none of the dependencies.
  const app = createApp({ redact: (s: string) => s } as unknown as ServerDeps, {
    allowedHosts: [],
    version: 'test',
  });
  const served = new Set(
    app.routes
      .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`),
  );
  const documented = new Set(
    Object.entries(openApiDocument.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    ),
  );
  assert.deepEqual([...served].sort(), [...documented].sort());
});
