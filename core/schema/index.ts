/**
 * Schema validation of YAML files with located problems: the machinery shared by prompt files, datasets,
 * evohub.yaml and environment files.
 */
import type { Document } from 'yaml';
import type { Problem } from '../errors.ts';
import { schemaProblems } from './messages.ts';
import { type SchemaKind, schemaErrors } from './validators.ts';
import { parseYamlSource, yamlData } from './yaml-source.ts';

export { schemaProblems, sortProblems } from './messages.ts';
export { didYouMean } from './suggest.ts';
export { evaluatorForms, type SchemaKind, schemaErrors, schemas } from './validators.ts';
export {
  humanPath,
  lineCounterOf,
  locate,
  MAX_ALIAS_COUNT,
  parseYamlSource,
  pointerSegments,
  toPointer,
  yamlData,
} from './yaml-source.ts';

export type CheckedYaml = { doc: Document; data: unknown; problems: Problem[] };

/**
 * Parses YAML text and validates it against a schema. Syntax errors stop there (a half-parsed document would
 * only produce misleading schema errors); otherwise every schema violation is returned, located.
 */
export function checkYaml(kind: SchemaKind, text: string, file: string): CheckedYaml {
  const { doc, problems } = parseYamlSource(text, file);
  if (problems.length > 0) return { doc, data: undefined, problems };
  const { data, problems: aliases } = yamlData(doc, file);
  if (aliases.length > 0) return { doc, data: undefined, problems: aliases };
  return { doc, data, problems: validateData(kind, data, doc, file) };
}

/** Validates already-parsed data; `doc` provides the locations. */
export function validateData(kind: SchemaKind, data: unknown, doc: Document, file: string): Problem[] {
  return schemaProblems(schemaErrors(kind, data), doc, file);
}
