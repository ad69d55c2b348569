import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ValidationError } from '../../core/errors.ts';
import type { PromptFile } from '../../core/prompt/types.ts';
import { parseJsonOutput } from './json-text.ts';
import type { ScorerFactory } from './scorer.ts';

type FormatsPlugin = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS with a `default` property; under ESM the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as unknown as FormatsPlugin;

type JsonSchemaOptions = { schema?: Record<string, unknown> | string };

/**
 * The schema to check against: the evaluator's own, else the prompt's `jsonSchema` (GitHub stores it as a JSON
 * string wrapping `{name, strict, schema}`, as OpenAI's `response_format.json_schema` does).
 */
export function effectiveSchema(
  own: JsonSchemaOptions['schema'],
  prompt: PromptFile,
): Record<string, unknown> | undefined {
  const raw = own ?? prompt.jsonSchema;
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' ? (JSON.parse(raw) as Record<string, unknown>) : raw;
  const inner = value.schema;
  if (inner && typeof inner === 'object' && ('name' in value || 'strict' in value)) {
    return inner as Record<string, unknown>;
  }
  return value;
}

/** Passes when the output is JSON that conforms to a JSON Schema (ajv), by default the prompt's `jsonSchema`. */
export const jsonSchemaScorer: ScorerFactory = {
  kind: 'jsonSchema',
  description: "passes when the output is JSON conforming to a schema (default: the prompt's jsonSchema)",
  direction: 'maximize',
  optionsSchema: {
    type: ['object', 'null'],
    properties: { schema: { type: ['object', 'string'] } },
    additionalProperties: false,
  },
  create(options, ctx) {
    const opts = (options ?? {}) as JsonSchemaOptions;
    let schema: Record<string, unknown> | undefined;
    try {
      schema = effectiveSchema(opts.schema, ctx.prompt);
    } catch (error) {
      throw new ValidationError([
        {
          location:
            opts.schema === undefined
              ? { file: ctx.location.file, field: '/jsonSchema' }
              : ctx.locate(['schema']),
          message: `jsonSchema is not valid JSON: ${(error as Error).message}`,
        },
      ]);
    }
    if (!schema) {
      throw new ValidationError([
        {
          location: ctx.location,
          message: `evaluator "${ctx.name}" has no schema: give jsonSchema.schema or set the prompt's jsonSchema`,
        },
      ]);
    }
    let validate: ValidateFunction;
    try {
      const ajv = new Ajv({ allErrors: false, strict: false });
      addFormats(ajv);
      validate = ajv.compile(schema);
    } catch (error) {
      throw new ValidationError([
        { location: ctx.location, message: `invalid JSON Schema: ${(error as Error).message}` },
      ]);
    }
    return {
      name: ctx.name,
      score({ output }) {
        const parsed = parseJsonOutput(output);
        if (!parsed.ok) return { value: 0, pass: false, reason: `not JSON: ${parsed.error}` };
        if (validate(parsed.value)) return { value: 1, pass: true };
        const e = validate.errors?.[0];
        return {
          value: 0,
          pass: false,
          reason: e ? `${e.instancePath || '/'} ${e.message}` : 'schema mismatch',
        };
      },
    };
  },
};
