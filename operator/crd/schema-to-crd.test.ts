import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { ValidationError } from '../../core/errors.ts';
import { REPO_ROOT } from '../../test/control-plane/binaries.ts';
import {
  EVOLUTION_RUN_CRD_PATH,
  evolutionRunCrd,
  readEvolutionRunSchema,
  renderEvolutionRunCrd,
} from './evolution-run-crd.ts';
import { type JsonSchema, schemaToCrd, toOpenApiV3Schema } from './schema-to-crd.ts';

const base = (props: JsonSchema, defs: JsonSchema = {}): JsonSchema => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'x',
  type: 'object',
  properties: { apiVersion: { const: 'example.io/v1' }, kind: { const: 'Thing' }, metadata: {}, ...props },
  $defs: defs,
});

test('the checked-in CRD is exactly what the generator makes from the schema (no drift)', () => {
  const checkedIn = readFileSync(join(REPO_ROOT, EVOLUTION_RUN_CRD_PATH), 'utf8');
  // A plain boolean check: the full diff of two 15 KB texts would drown the hint.
  assert.ok(
    checkedIn === renderEvolutionRunCrd(readEvolutionRunSchema(REPO_ROOT)),
    `${EVOLUTION_RUN_CRD_PATH} differs from the schema: regenerate with npx node operator/crd/generate.ts --write`,
  );
});

test('the EvolutionRun CRD has names, status subresource, printer columns and CEL rules', () => {
  const crd = evolutionRunCrd(readEvolutionRunSchema(REPO_ROOT)) as {
    metadata: { name: string };
    spec: { group: string; names: JsonSchema; versions: JsonSchema[] };
  };
  assert.equal(crd.metadata.name, 'evolutionruns.evohub.io');
  assert.equal(crd.spec.group, 'evohub.io');
  assert.deepEqual(crd.spec.names.shortNames, ['er']);
  const v = crd.spec.versions[0] as {
    name: string;
    subresources: JsonSchema;
    additionalPrinterColumns: { name: string }[];
    schema: { openAPIV3Schema: JsonSchema };
  };
  assert.equal(v.name, 'v1alpha1');
  assert.deepEqual(v.subresources, { status: {} });
  assert.deepEqual(
    v.additionalPrinterColumns.map((c) => c.name),
    ['Phase', 'Generation', 'Best', 'Cost', 'Age'],
  );
  const text = JSON.stringify(v.schema.openAPIV3Schema);
  assert.ok(text.includes('self.min <= self.max'));
  assert.ok(!text.includes('additionalProperties":false'), 'additionalProperties:false must be dropped');
  assert.ok(!text.includes('$ref') && !text.includes('$defs') && !text.includes('$schema'));
});

test('the example EvolutionRun is valid against the JSON Schema, and extra or wrong fields are not', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // Kubernetes-only annotations: no meaning for a JSON Schema validator.
  for (const k of ['x-kubernetes-validations', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys']) {
    ajv.addKeyword(k);
  }
  ajv.addFormat('date-time', true);
  ajv.addFormat('int64', true);
  const validate = ajv.compile(readEvolutionRunSchema(REPO_ROOT));
  const example = parse(readFileSync(join(REPO_ROOT, 'operator/crd/example-evolution-run.yaml'), 'utf8'));
  assert.equal(validate(example), true, ajv.errorsText(validate.errors));
  assert.equal(validate({ ...example, spec: { ...example.spec, extra: 1 } }), false);
  assert.equal(validate({ ...example, spec: { ...example.spec, executor: 'pod' } }), false);
  const { promptPath: _p, ...noPrompt } = example.spec;
  assert.equal(validate({ ...example, spec: noPrompt }), false);
  assert.ok(
    validate.errors?.some((e) => e.params && (e.params as JsonSchema).missingProperty === 'promptPath'),
  );
});

test('$ref is inlined with its siblings, const becomes enum, exclusive bounds become OpenAPI booleans', () => {
  const out = toOpenApiV3Schema(
    base(
      {
        spec: {
          type: 'object',
          additionalProperties: false,
          properties: {
            a: { $ref: '#/$defs/name', description: 'own description' },
            b: { type: 'string', const: 'x' },
            c: { type: 'number', exclusiveMinimum: 0 },
            d: { type: ['string', 'null'] },
            e: { type: 'string', oneOf: [{ const: 'p' }, { const: 'q', description: 'the q' }] },
            f: { type: 'object', additionalProperties: { anyOf: [{ type: 'integer' }, { type: 'string' }] } },
            g: { type: 'object', additionalProperties: true },
          },
        },
      },
      { name: { type: 'string', minLength: 1, title: 'Name' } },
    ),
  );
  const spec = (out.properties as JsonSchema).spec as JsonSchema;
  assert.equal('additionalProperties' in spec, false);
  const p = spec.properties as Record<string, JsonSchema>;
  assert.deepEqual(p.a, { type: 'string', minLength: 1, description: 'own description' });
  assert.deepEqual(p.b, { type: 'string', enum: ['x'] });
  assert.deepEqual(p.c, { type: 'number', minimum: 0, exclusiveMinimum: true });
  assert.deepEqual(p.d, { type: 'string', nullable: true });
  assert.deepEqual(p.e, { type: 'string', enum: ['p', 'q'] });
  assert.deepEqual(p.f?.additionalProperties, {
    'x-kubernetes-int-or-string': true,
    anyOf: [{ type: 'integer' }, { type: 'string' }],
  });
  assert.deepEqual(p.g, { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  assert.deepEqual((out.properties as JsonSchema).metadata, { type: 'object' });
});

test('a keyword with no structural translation is refused with its location, not silently dropped', () => {
  const attempt = (spec: JsonSchema) => () => toOpenApiV3Schema(base({ spec }));
  assert.throws(
    attempt({ type: 'object', properties: { x: { type: 'string', if: { minLength: 2 } } } }),
    (err: unknown) =>
      err instanceof ValidationError &&
      err.location?.field === '/properties/spec/properties/x/if' &&
      /no structural-schema translation/.test(err.message),
  );
  assert.throws(
    attempt({ type: 'object', properties: { x: { $ref: '#/$defs/missing' } } }),
    /does not resolve/,
  );
  assert.throws(attempt({ properties: {} }), /every schema needs a type/);
  assert.throws(
    attempt({ type: 'object', properties: { x: { anyOf: [{ type: 'string' }, { type: 'boolean' }] } } }),
    /only supported as integer-or-string/,
  );
});

test('group, version and kind come from the schema consts; no status means no status subresource', () => {
  const crd = schemaToCrd(base({ spec: { type: 'object' } }), { plural: 'thingies' }) as {
    metadata: { name: string };
    spec: { group: string; names: JsonSchema; versions: JsonSchema[] };
  };
  assert.equal(crd.metadata.name, 'thingies.example.io');
  assert.equal(crd.spec.names.kind, 'Thing');
  assert.equal(crd.spec.versions[0]?.name, 'v1');
  assert.equal('subresources' in (crd.spec.versions[0] ?? {}), false);
});
