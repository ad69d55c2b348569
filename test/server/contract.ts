/**
 * Validates API responses against the OpenAPI 3.1 document (JSON Schema 2020-12, ajv): the status must be
 * documented for the operation, and the JSON body must match that status's schema.
 */
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { openApiDocument } from '../../server/openapi.ts';

type Operation = { responses: Record<string, { content: Record<string, { schema: unknown }> }> };

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'openapi', components: openApiDocument.components });

const rooted = (schema: unknown) =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')) as object;

const validators = new Map<string, ReturnType<typeof ajv.compile>>();

function operation(method: string, template: string): Operation {
  const paths = openApiDocument.paths as unknown as Record<string, Record<string, Operation>>;
  const op = paths[template]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${template} is not in the OpenAPI document`);
  return op;
}

/** Fetches, checks the answer against the document, and returns its JSON. */
export async function api(
  base: string,
  method: string,
  template: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(new URL(path, base), { method, ...init });
  const text = await res.text();
  const op = operation(method, template);
  const documented = op.responses[String(res.status)];
  assert.ok(documented, `${method} ${path}: status ${res.status} is not documented (${text.slice(0, 200)})`);
  const type = (res.headers.get('content-type') ?? '').split(';')[0] as string;
  const media = documented.content[type];
  assert.ok(media, `${method} ${path}: content type ${type} is not documented for ${res.status}`);
  if (type !== 'application/json') return { status: res.status, body: text, headers: res.headers };
  const body = JSON.parse(text) as unknown;
  const key = `${method} ${template} ${res.status}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(rooted(media.schema));
    validators.set(key, validate);
  }
  assert.ok(validate(body), `${key}: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`);
  return { status: res.status, body, headers: res.headers };
}
