import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import datasetRowSchema from '../../schemas/dataset-row.schema.json' with { type: 'json' };
import environmentSchema from '../../schemas/environment.schema.json' with { type: 'json' };
import configSchema from '../../schemas/evohub-config.schema.json' with { type: 'json' };
import promptSchema from '../../schemas/prompt.schema.json' with { type: 'json' };
import { didYouMean } from './suggest.ts';

export type SchemaKind = 'prompt' | 'datasetRow' | 'config' | 'environment';

type NearMissError = ErrorObject<'x-near-miss', { key: string; suggestion: string }>;
type NearMissValidate = ((schema: unknown, data: unknown, parentSchema?: unknown) => boolean) & {
  errors?: Partial<NearMissError>[];
};

/**
 * `x-near-miss: true` on an object that allows extra keys (provider options, algorithm settings): an extra key one
 * typo away from a listed property is reported with a "did you mean".
 */
const nearMiss: NearMissValidate = (_schema, data, parentSchema) => {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return true;
  const known = Object.keys((parentSchema as { properties?: Record<string, unknown> }).properties ?? {});
  const errors: Partial<NearMissError>[] = [];
  for (const key of Object.keys(data)) {
    if (known.includes(key)) continue;
    const suggestion = didYouMean(key, known);
    if (suggestion) {
      errors.push({
        keyword: 'x-near-miss',
        params: { key, suggestion },
        message: `unknown setting "${key}"`,
      });
    }
  }
  nearMiss.errors = errors;
  return errors.length === 0;
};

/** The formats plugin is CommonJS; its default export is the plugin function itself at run time. */
type FormatsPlugin = (ajv: Ajv2020, formats?: string[]) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as unknown as FormatsPlugin;

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    // `then: {required: [jsonSchema]}` names a property defined by the parent schema.
    strictRequired: false,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  // Annotation: per-keyword messages written for people, used instead of ajv's generic ones.
  ajv.addKeyword({ keyword: 'x-messages', schemaType: 'object' });
  ajv.addKeyword({ keyword: 'x-near-miss', schemaType: 'boolean', validate: nearMiss, errors: true });
  ajv.addSchema(datasetRowSchema);
  ajv.addSchema(promptSchema);
  ajv.addSchema(configSchema);
  ajv.addSchema(environmentSchema);
  return ajv;
}

function compiled(ajv: Ajv2020, id: string): ValidateFunction {
  const fn = ajv.getSchema(id);
  if (!fn) throw new Error(`schema ${id} is not registered`);
  return fn;
}

/** Computes a value on first use and keeps it: a cache of a pure computation, not state anyone can change. */
function once<T>(compute: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= compute();
    return value;
  };
}

/**
 * Each schema is compiled on first use and kept (compiling costs tens of milliseconds; parsing a prompt must not
 * pay it again, and a command that never reads evohub.yaml never compiles its schema).
 */
const ajv = once(createAjv);
const validators: Readonly<Record<SchemaKind, () => ValidateFunction>> = {
  prompt: once(() => compiled(ajv(), promptSchema.$id)),
  datasetRow: once(() => compiled(ajv(), datasetRowSchema.$id)),
  config: once(() => compiled(ajv(), configSchema.$id)),
  environment: once(() => compiled(ajv(), environmentSchema.$id)),
};

/** Validates data against one of evohub's schemas; returns ajv's errors (all of them), empty when valid. */
export function schemaErrors(kind: SchemaKind, data: unknown): ErrorObject[] {
  const validate = validators[kind]();
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/** The raw JSON Schemas, for tools that derive things from them (docs, CRDs, editors). */
export const schemas = {
  prompt: promptSchema,
  datasetRow: datasetRowSchema,
  config: configSchema,
  environment: environmentSchema,
} as const;

/** The evaluator forms the prompt schema accepts besides `name` (string, llm, uses, and evohub's scorers). */
export function evaluatorForms(): string[] {
  return promptSchema.$defs.evaluator.oneOf.map((branch) => branch.required[0] as string);
}
