import type { ErrorObject } from 'ajv';
import type { Document } from 'yaml';
import type { Problem } from '../errors.ts';
import { didYouMean } from './suggest.ts';
import { humanPath, locate, type PathSegment, pointerSegments, toPointer } from './yaml-source.ts';

type SchemaNode = {
  properties?: Record<string, unknown>;
  'x-messages'?: Record<string, string>;
};

/** JSON Schema type names as YAML users say them. */
function article(type: string): string {
  if (type === 'object') return 'a mapping';
  if (type === 'array') return 'a list';
  if (type === 'integer') return 'an integer';
  if (type === 'null') return 'null';
  return `a ${type}`;
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return article(typeof value);
}

function quote(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function customMessage(e: ErrorObject): string | undefined {
  const parent = e.parentSchema as SchemaNode | undefined;
  return parent?.['x-messages']?.[e.keyword];
}

/** A property placed one level too high (`temperature` at the top instead of under `modelParameters`). */
function nestedHome(key: string, schema: SchemaNode | undefined): string | undefined {
  for (const [name, child] of Object.entries(schema?.properties ?? {})) {
    if (Object.hasOwn((child as SchemaNode).properties ?? {}, key)) return name;
  }
  return undefined;
}

/** The message for one ajv error, written for people; never echoes a value that could be a secret. */
function describe(e: ErrorObject, segments: readonly string[]): { message: string; field: string[] } {
  const subject = humanPath(segments);
  const prefix = subject ? `${subject}: ` : '';
  const custom = customMessage(e);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const message = custom ?? `missing required property "${missing}"`;
      return { message: `${prefix}${message}`, field: [...segments, missing] };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as SchemaNode | undefined)?.properties ?? {});
      const suggestion = didYouMean(extra, known);
      const nested = suggestion ? undefined : nestedHome(extra, e.parentSchema as SchemaNode | undefined);
      const hint = suggestion
        ? ` (did you mean "${suggestion}"?)`
        : nested
          ? ` (it belongs under ${nested}: "${nested}.${extra}")`
          : known.length
            ? ` (allowed: ${known.join(', ')})`
            : '';
      return { message: `${prefix}unknown property "${extra}"${hint}`, field: [...segments, extra] };
    }
    case 'x-near-miss': {
      return {
        message: `${prefix}unknown setting "${String(params.key)}" (did you mean "${String(params.suggestion)}"?)`,
        field: [...segments, String(params.key)],
      };
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      return { message: `${prefix}invalid name "${name}"`, field: [...segments, name] };
    }
    case 'oneOf': {
      const passing = params.passingSchemas;
      const key = passing === null || passing === undefined ? 'oneOf.none' : 'oneOf.many';
      const message = (e.parentSchema as SchemaNode | undefined)?.['x-messages']?.[key];
      return {
        message: `${prefix}${message ?? 'must match exactly one of the allowed forms'}`,
        field: [...segments],
      };
    }
    default:
      break;
  }
  if (custom) return { message: `${prefix}${custom}`, field: [...segments] };
  switch (e.keyword) {
    case 'type': {
      const types = String(params.type).split(',').map(article).join(' or ');
      return { message: `${prefix}must be ${types} (got ${typeName(e.data)})`, field: [...segments] };
    }
    case 'enum':
    case 'const': {
      const allowed = (
        e.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue]
      ).map(String);
      const suggestion = typeof e.data === 'string' ? didYouMean(e.data, allowed) : undefined;
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
      return {
        message: `${prefix}must be one of ${allowed.join(', ')} (got ${quote(e.data)})${hint}`,
        field: [...segments],
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        message: `${prefix}must be ${String(params.comparison)} ${String(params.limit)}`,
        field: [...segments],
      };
    case 'minItems':
      return {
        message: `${prefix}must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`,
        field: [...segments],
      };
    case 'minLength':
      return {
        message:
          params.limit === 1
            ? `${prefix}must not be empty`
            : `${prefix}must be at least ${String(params.limit)} characters`,
        field: [...segments],
      };
    case 'pattern':
      return { message: `${prefix}must match ${String(params.pattern)}`, field: [...segments] };
    case 'format':
      return { message: `${prefix}must be a valid ${String(params.format)}`, field: [...segments] };
    default:
      return { message: `${prefix}${e.message ?? 'is invalid'}`, field: [...segments] };
  }
}

/** An error inside a oneOf branch: the oneOf error itself explains it (with its own message). */
function isOneOfBranch(e: ErrorObject, errors: readonly ErrorObject[]): boolean {
  return errors.some(
    (o) =>
      o.keyword === 'oneOf' &&
      o.instancePath === e.instancePath &&
      e.schemaPath.startsWith(`${o.schemaPath}/`),
  );
}

/** Keywords whose failure is already explained by the errors of their sub-schemas. */
const SUMMARY_KEYWORDS = new Set(['if', 'then', 'else', 'allOf']);

/**
 * Turns ajv's errors into located problems: each points at the offending YAML node (an unknown key at the key, a
 * missing required property at its parent), in document order, without duplicates.
 */
export function schemaProblems(errors: readonly ErrorObject[], doc: Document, file: string): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  // "needs one more property" says nothing useful next to "missing required property" on the same object.
  const missingAt = new Set(
    errors.filter((e) => e.keyword === 'required' && !isOneOfBranch(e, errors)).map((e) => e.instancePath),
  );
  for (const e of errors) {
    if (SUMMARY_KEYWORDS.has(e.keyword) || isOneOfBranch(e, errors)) continue;
    if (e.keyword === 'minProperties' && missingAt.has(e.instancePath)) continue;
    // "needs one form" says nothing useful next to "missing required property name" on the same object.
    if (e.keyword === 'oneOf' && missingAt.has(e.instancePath)) continue;
    const segments = pointerSegments(e.instancePath);
    const { message, field } = describe(e, segments);
    const keyed = ['additionalProperties', 'x-near-miss', 'propertyNames'].includes(e.keyword);
    const location = keyed
      ? locate(doc, file, field as PathSegment[], 'key')
      : e.keyword === 'required'
        ? // At the parent: its key when it has one (`llm:`), else its first line (a list item, the root).
          { ...locate(doc, file, segments, 'key'), field: toPointer(field) }
        : locate(doc, file, segments, 'value');
    const id = `${location.line}:${location.column}:${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push({ location, message });
  }
  return sortProblems(problems);
}

export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) =>
      (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0),
  );
}
