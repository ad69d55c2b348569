/**
 * Reading an A/B document: JSON syntax, the JSON Schema (`schemas/ab-input.schema.json`, ajv draft 2020-12) and
 * the cross-field checks, every problem located by file, line, column and JSON pointer.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import abInputSchema from '../../schemas/ab-input.schema.json' with { type: 'json' };
import { type Problem, ValidationError } from '../errors.ts';
import { locate, parseYamlSource, pointerSegments, schemaProblems, sortProblems } from '../schema/index.ts';
import type { AbInput } from './ab-types.ts';
import { checkAbInput } from './input-checks.ts';
import { jsonErrorOffset } from './json-error-offset.ts';

/** Compiled once on first import and never changed (the CLI imports this lazily). */
const validate = new Ajv2020({ allErrors: true, verbose: true, strict: true }).compile(abInputSchema);

export { abInputSchema };

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function syntaxProblem(text: string, file: string, error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  const offset = jsonErrorOffset(text);
  const pos = offset >= 0 ? lineColumn(text, offset) : undefined;
  const clean = message
    .replace(/( in JSON)? at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '');
  return { location: { file, line: pos?.line, column: pos?.column }, message: `JSON syntax error: ${clean}` };
}

/** Every problem of an A/B document, located; empty when it is valid. */
export function abInputProblems(text: string, file: string): { data?: AbInput; problems: Problem[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // Reported as a syntax problem at the position the parser names.
    return { problems: [syntaxProblem(text, file, error)] };
  }
  // JSON is YAML: the yaml Document gives every node's position for the JSON pointers (only needed on errors).
  const positions = () => parseYamlSource(text, file).doc;
  if (!validate(data)) return { problems: schemaProblems(validate.errors ?? [], positions(), file) };
  const input = data as AbInput;
  const found = checkAbInput(input);
  if (found.length === 0) return { data: input, problems: [] };
  const doc = positions();
  const problems = found.map((p) => ({
    location: locate(doc, file, pointerSegments(p.pointer)),
    message: p.message,
  }));
  return { problems: sortProblems(problems) };
}

/** Parses and validates an A/B document; throws a ValidationError listing every located problem. */
export function parseAbInput(text: string, file: string): AbInput {
  const { data, problems } = abInputProblems(text, file);
  if (!data || problems.length > 0) throw new ValidationError(problems);
  return data;
}
