/**
 * GitHub's published REST contract (npm @octokit/openapi, api.github.com.json) as validators: find the operation
 * for a method and concrete path, check a request body and a response body for a status against its schemas.
 * OpenAPI 3.0 `nullable` is turned into JSON Schema type unions so that ajv (strict: false) checks them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

export type Operation = {
  operationId: string;
  method: string;
  template: string;
  params: Record<string, string>;
};

export type ContractCheck = { ok: true } | { ok: false; errors: string[] };

export type OpenApiContract = {
  /** The operation a request addresses; null when the description has none (the fake must not invent endpoints). */
  findOperation(method: string, path: string): Operation | null;
  checkRequest(op: Operation, body: unknown): ContractCheck;
  checkResponse(op: Operation, status: number, body: unknown): ContractCheck;
  /** The description's example response body for an operation and status, as a template for fakes. */
  example(op: Operation, status: number): JsonObject;
  /** Checks a value against a named component schema (e.g. `webhook-pull-request-opened`, a webhook payload). */
  checkComponent(name: string, value: unknown): ContractCheck;
  /** A named component example's value (e.g. `pull-request`, `full-repository`, `simple-user`). */
  componentExample(name: string): JsonObject;
};

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function specPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@octokit/openapi/package.json');
  return pkg.replace(/package\.json$/, 'generated/api.github.com.json');
}

/** Loads the description once (about 13 MB); share the result between servers of one test file. */
export function loadGitHubContract(): OpenApiContract {
  const spec = JSON.parse(readFileSync(specPath(), 'utf8')) as JsonObject;
  const paths = spec.paths as Record<string, Record<string, JsonObject>>;
  const resolved = new Map<string, Json>();

  function pointer(ref: string): Json {
    let node: Json = spec;
    for (const raw of ref.replace(/^#\//, '').split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      node = (node as JsonObject)[key] as Json;
    }
    return node;
  }

  /** Inlines $refs (memoised: the same component becomes the same object) and converts `nullable`. */
  function convert(node: Json): Json {
    if (Array.isArray(node)) return node.map(convert);
    if (node === null || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      const hit = resolved.get(ref);
      if (hit !== undefined) return hit;
      const placeholder: JsonObject = {};
      resolved.set(ref, placeholder);
      Object.assign(placeholder, convert(pointer(ref)) as JsonObject);
      return placeholder;
    }
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'nullable' || k === 'example' || k === 'examples' || k === 'description') continue;
      out[k] = k === 'properties' || k === 'patternProperties' ? mapValues(v as JsonObject) : convert(v);
    }
    if (node.nullable === true) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      if (out.type === undefined) return { anyOf: [{ type: 'null' }, out] };
    }
    return out;
  }

  function mapValues(props: JsonObject): JsonObject {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(props)) out[k] = convert(v);
    return out;
  }

  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, logger: false });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();

  function validatorFor(key: string, schema: () => Json): ValidateFunction {
    let v = compiled.get(key);
    if (!v) {
      v = ajv.compile(schema() as object);
      compiled.set(key, v);
    }
    return v;
  }

  const templates = Object.keys(paths).map((template) => {
    const names: string[] = [];
    const source = template
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\{([^}]+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
    return { template, names, re: new RegExp(`^${source}$`) };
  });

  function operationObject(op: Operation): JsonObject {
    const o = paths[op.template]?.[op.method];
    if (!o) throw new Error(`no operation ${op.method} ${op.template}`);
    return o;
  }

  function check(v: ValidateFunction, body: unknown): ContractCheck {
    if (v(body)) return { ok: true };
    return { ok: false, errors: (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`) };
  }

  function responseContent(op: Operation, status: number): JsonObject | null {
    const responses = operationObject(op).responses as JsonObject;
    const r = (responses[String(status)] ?? null) as JsonObject | null;
    if (!r) return null;
    const res = (typeof r.$ref === 'string' ? pointer(r.$ref) : r) as JsonObject;
    const content = res.content as JsonObject | undefined;
    return (content?.['application/json'] as JsonObject | undefined) ?? null;
  }

  return {
    findOperation(method, path) {
      const m = method.toLowerCase();
      let best: Operation | null = null;
      let bestParams = Number.POSITIVE_INFINITY;
      for (const t of templates) {
        const match = t.re.exec(path);
        if (!match || !paths[t.template]?.[m]) continue;
        // A literal segment beats a parameter: /pulls/comments is not /pulls/{pull_number}.
        if (t.names.length >= bestParams) continue;
        const params: Record<string, string> = {};
        t.names.forEach((n, i) => {
          params[n] = decodeURIComponent(match[i + 1] ?? '');
        });
        const operationId = String(paths[t.template]?.[m]?.operationId ?? '');
        best = { operationId, method: m, template: t.template, params };
        bestParams = t.names.length;
      }
      return best;
    },

    checkRequest(op, body) {
      const rb = operationObject(op).requestBody as JsonObject | undefined;
      const schema = ((rb?.content as JsonObject | undefined)?.['application/json'] as JsonObject | undefined)
        ?.schema;
      if (schema === undefined) {
        return body === undefined
          ? { ok: true }
          : { ok: false, errors: ['the operation takes no request body'] };
      }
      if (body === undefined && rb?.required === true)
        return { ok: false, errors: ['request body required'] };
      if (body === undefined) return { ok: true };
      return check(
        validatorFor(`req ${op.method} ${op.template}`, () => convert(schema)),
        body,
      );
    },

    checkResponse(op, status, body) {
      const responses = operationObject(op).responses as JsonObject;
      if (responses[String(status)] === undefined) {
        // 401 and 5xx are not listed per operation; GitHub answers them with its basic error shape.
        if (status === 401 || status >= 500 || status === 403 || status === 422) {
          return check(
            validatorFor('basic-error', () => convert({ $ref: '#/components/schemas/basic-error' })),
            body,
          );
        }
        return { ok: false, errors: [`status ${status} is not a documented response of ${op.operationId}`] };
      }
      const content = responseContent(op, status);
      if (!content) {
        return body === undefined ? { ok: true } : { ok: false, errors: [`status ${status} has no body`] };
      }
      return check(
        validatorFor(`res ${status} ${op.method} ${op.template}`, () => convert(content.schema as Json)),
        body,
      );
    },

    checkComponent(name, value) {
      return check(
        validatorFor(`component ${name}`, () => convert({ $ref: `#/components/schemas/${name}` })),
        value,
      );
    },

    componentExample(name) {
      const ex = pointer(`#/components/examples/${name}`) as JsonObject | undefined;
      if (!ex || ex.value === undefined) throw new Error(`no component example ${name}`);
      return structuredClone(ex.value) as JsonObject;
    },

    example(op, status) {
      const content = responseContent(op, status);
      const examples = (content?.examples ?? {}) as JsonObject;
      const first = Object.values(examples)[0] as JsonObject | undefined;
      const ex = (typeof first?.$ref === 'string' ? pointer(first.$ref) : first) as JsonObject | undefined;
      if (!ex || ex.value === undefined) throw new Error(`no example for ${op.operationId} ${status}`);
      return structuredClone(ex.value) as JsonObject;
    },
  };
}
