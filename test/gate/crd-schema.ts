/**
 * Turns a CRD's openAPIV3Schema (read at test time from test/support/argo-crds.ts's directory) into a JSON Schema ajv accepts:
 * `x-kubernetes-int-or-string` becomes integer-or-string, the other Kubernetes extensions are dropped, and
 * objects with declared properties reject unknown fields unless `x-kubernetes-preserve-unknown-fields` says
 * otherwise (what `kubectl apply --validate=strict` does; the API server would otherwise prune them silently).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Json = unknown;
type Obj = Record<string, Json>;

const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs'];
const SCHEMA_LISTS = ['anyOf', 'allOf', 'oneOf'];
const SCHEMA_ONE = ['items', 'additionalProperties', 'not'];

export function kubeToJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(kubeToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const src = node as Obj;
  const out: Obj = {};
  for (const [key, value] of Object.entries(src)) {
    if (key.startsWith('x-kubernetes-')) continue;
    if (SCHEMA_MAPS.includes(key) && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value as Obj).map(([k, v]) => [k, kubeToJsonSchema(v)]));
    } else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map(kubeToJsonSchema);
    } else if (SCHEMA_ONE.includes(key) && value && typeof value === 'object') {
      out[key] = kubeToJsonSchema(value);
    } else {
      out[key] = value;
    }
  }
  if (src['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  const preserve = src['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.properties && out.additionalProperties === undefined && !preserve) out.additionalProperties = false;
  return out;
}

/** The validator of a CRD file's first version (`spec.versions[0].schema.openAPIV3Schema`). */
export function crdValidator(path: string): ValidateFunction {
  const crd = parse(readFileSync(path, 'utf8')) as {
    spec: { versions: { schema: { openAPIV3Schema: Json } }[] };
  };
  const openApi = crd.spec.versions[0]?.schema.openAPIV3Schema;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(kubeToJsonSchema(openApi) as object);
}
