/**
 * Pure translation of a resource's JSON Schema (schemas/evolution-run.schema.json) into a Kubernetes
 * CustomResourceDefinition. The JSON Schema is the single source; this maps the subset it is written in onto a
 * structural openAPIV3Schema and refuses anything it does not know how to map (so a new keyword cannot be
 * silently dropped from the API server's validation).
 */
import { ValidationError } from '../../core/errors.ts';

export type JsonSchema = { [key: string]: unknown };

export type PrinterColumn = {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
};

export type CrdOptions = {
  /** Lower-case plural; `<kind lower-cased>s` when omitted. */
  plural?: string;
  shortNames?: string[];
  categories?: string[];
  printerColumns?: PrinterColumn[];
  scope?: 'Namespaced' | 'Cluster';
  labels?: Record<string, string>;
};

const SOURCE_FILE = 'schemas/evolution-run.schema.json';

/** Keywords copied as they are (values already in the form Kubernetes expects). */
const COPIED = new Set([
  'type',
  'description',
  'required',
  'enum',
  'default',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'multipleOf',
  'nullable',
]);

/** Annotations with no place in a CRD schema. */
const DROPPED = new Set([
  '$schema',
  '$id',
  '$defs',
  '$comment',
  'title',
  'examples',
  'readOnly',
  'writeOnly',
]);

/** Properties every object has; the API server owns their validation. */
const ROOT_OWNED = new Set(['apiVersion', 'kind', 'metadata']);

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(path: string, message: string, hint?: string): never {
  throw new ValidationError(
    [{ location: { file: SOURCE_FILE, field: path || '/' }, message }],
    hint ? { hint } : {},
  );
}

type Ctx = { root: JsonSchema; refs: string[] };

function resolveRef(ref: string, ctx: Ctx, path: string): JsonSchema {
  if (!ref.startsWith('#/')) fail(path, `only local $ref is supported, got '${ref}'`);
  if (ctx.refs.includes(ref))
    fail(path, `recursive $ref '${ref}' cannot be expressed in a structural schema`);
  let node: unknown = ctx.root;
  for (const part of ref.slice(2).split('/')) {
    node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  if (!isObject(node)) fail(path, `$ref '${ref}' does not resolve`);
  return node;
}

function isIntOrString(branches: unknown[]): boolean {
  const types = branches.map((b) => (isObject(b) ? b.type : undefined)).sort();
  return (
    branches.length === 2 &&
    types[0] === 'integer' &&
    types[1] === 'string' &&
    branches.every((b) => isObject(b) && Object.keys(b).length === 1)
  );
}

/** Translates one schema node; `path` is a JSON pointer into the source, for errors. */
function translate(node: JsonSchema, ctx: Ctx, path: string): JsonSchema {
  let src = node;
  let inner = ctx;
  if (typeof src.$ref === 'string') {
    const ref = src.$ref;
    const { $ref: _ignored, ...siblings } = src;
    // Sibling keywords (description, default) refine the referenced schema.
    src = { ...resolveRef(ref, ctx, path), ...siblings };
    inner = { ...ctx, refs: [...ctx.refs, ref] };
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(src)) {
    const at = `${path}/${key}`;
    if (DROPPED.has(key)) continue;
    if (COPIED.has(key) || key.startsWith('x-kubernetes-')) {
      if (key === 'type' && Array.isArray(value)) {
        const nonNull = value.filter((t) => t !== 'null');
        if (nonNull.length !== 1) fail(at, 'a type list must be one type plus optionally "null"');
        out.type = nonNull[0];
        if (value.includes('null')) out.nullable = true;
      } else {
        out[key] = value;
      }
      continue;
    }
    switch (key) {
      case 'const':
        out.enum = [value];
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        // JSON Schema 2020-12 gives the bound; OpenAPI v3.0 (and so Kubernetes) a boolean beside minimum/maximum.
        if (typeof value !== 'number') fail(at, `${key} must be a number`);
        out[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'] = value;
        out[key] = true;
        break;
      }
      case 'properties': {
        if (!isObject(value)) fail(at, 'properties must be an object');
        const props: JsonSchema = {};
        for (const [name, sub] of Object.entries(value)) {
          if (!isObject(sub)) fail(`${at}/${name}`, 'a property schema must be an object');
          props[name] = translate(sub, inner, `${at}/${name}`);
        }
        out.properties = props;
        break;
      }
      case 'items':
        if (!isObject(value)) fail(at, 'items must be one schema (tuples are not structural)');
        out.items = translate(value, inner, at);
        break;
      case 'additionalProperties':
        // false: structural pruning already drops unknown fields; true: keep them as they are.
        if (value === false) break;
        if (value === true) out['x-kubernetes-preserve-unknown-fields'] = true;
        else if (isObject(value)) out.additionalProperties = translate(value, inner, at);
        else fail(at, 'additionalProperties must be a boolean or a schema');
        break;
      case 'anyOf':
      case 'oneOf': {
        if (!Array.isArray(value)) fail(at, `${key} must be an array`);
        if (isIntOrString(value)) {
          out['x-kubernetes-int-or-string'] = true;
          out.anyOf = [{ type: 'integer' }, { type: 'string' }];
        } else if (value.every((b) => isObject(b) && 'const' in b)) {
          // A documented enumeration: oneOf [{const, description}] becomes a plain enum.
          out.enum = value.map((b) => (b as JsonSchema).const);
        } else {
          fail(at, `${key} is only supported as integer-or-string or as a list of consts`, 'use enum or CEL');
        }
        break;
      }
      case '$ref':
        break;
      default:
        fail(at, `keyword '${key}' has no structural-schema translation`, 'use the supported subset or CEL');
    }
  }
  if (out.type === undefined && out['x-kubernetes-int-or-string'] !== true) {
    if (out['x-kubernetes-preserve-unknown-fields'] !== true) fail(path, 'every schema needs a type');
  }
  return out;
}

function constOf(schema: JsonSchema, prop: string): string {
  const props = schema.properties;
  const sub = isObject(props) ? props[prop] : undefined;
  const value = isObject(sub) ? sub.const : undefined;
  if (typeof value !== 'string') fail(`/properties/${prop}`, `${prop} must be given as a const string`);
  return value;
}

/** The openAPIV3Schema of the resource: spec/status translated, apiVersion/kind/metadata left to the server. */
export function toOpenApiV3Schema(schema: JsonSchema): JsonSchema {
  const ctx: Ctx = { root: schema, refs: [] };
  const props = isObject(schema.properties) ? schema.properties : {};
  const properties: JsonSchema = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
  };
  for (const [name, sub] of Object.entries(props)) {
    if (ROOT_OWNED.has(name)) continue;
    if (!isObject(sub)) fail(`/properties/${name}`, 'a property schema must be an object');
    properties[name] = translate(sub, ctx, `/properties/${name}`);
  }
  const out: JsonSchema = { type: 'object' };
  if (typeof schema.description === 'string') out.description = schema.description;
  const required = Array.isArray(schema.required)
    ? schema.required.filter((r) => !ROOT_OWNED.has(String(r)))
    : [];
  if (required.length > 0) out.required = required;
  out.properties = properties;
  return out;
}

/** The whole CRD object for the resource described by `schema` (apiVersion and kind given as consts). */
export function schemaToCrd(schema: JsonSchema, options: CrdOptions = {}): JsonSchema {
  const apiVersion = constOf(schema, 'apiVersion');
  const kind = constOf(schema, 'kind');
  const slash = apiVersion.indexOf('/');
  if (slash < 1) fail('/properties/apiVersion', `apiVersion '${apiVersion}' must be <group>/<version>`);
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const plural = options.plural ?? `${kind.toLowerCase()}s`;
  const props = isObject(schema.properties) ? schema.properties : {};
  const names: JsonSchema = { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() };
  if (options.shortNames?.length) names.shortNames = options.shortNames;
  if (options.categories?.length) names.categories = options.categories;
  const versionEntry: JsonSchema = { name: version, served: true, storage: true };
  if ('status' in props) versionEntry.subresources = { status: {} };
  if (options.printerColumns?.length) versionEntry.additionalPrinterColumns = options.printerColumns;
  versionEntry.schema = { openAPIV3Schema: toOpenApiV3Schema(schema) };
  const metadata: JsonSchema = { name: `${plural}.${group}` };
  if (options.labels) metadata.labels = options.labels;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata,
    spec: { group, names, scope: options.scope ?? 'Namespaced', versions: [versionEntry] },
  };
}
