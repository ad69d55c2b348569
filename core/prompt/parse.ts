import type { Document } from 'yaml';
import { type Problem, ValidationError } from '../errors.ts';
import { checkYaml, locate, sortProblems, validateData } from '../schema/index.ts';
import { promptNameFromPath } from './name.ts';
import type { PromptFile } from './types.ts';

/** A loaded prompt file: `name` is the file stem (see promptNameFromPath), `doc` keeps comments and key order. */
export type ParsedPrompt = { file: string; name: string; data: PromptFile; doc: Document };

/**
 * Parses and validates a prompt file. Throws ValidationError listing every problem at once, each located at the
 * offending YAML node (`file:line:col: message`): YAML syntax errors, schema violations, a `jsonSchema` string
 * that is not JSON.
 */
export function parsePrompt(text: string, file: string): ParsedPrompt {
  const { doc, data, problems } = checkYaml('prompt', text, file);
  if (problems.length === 0) problems.push(...semanticProblems(data as PromptFile, doc, file));
  if (problems.length > 0) throw new ValidationError(sortProblems(problems));
  return { file, name: promptNameFromPath(file), data: data as PromptFile, doc };
}

/** Checks a prompt built or edited in memory; problems name the file and field (no lines: there is no source). */
export function promptProblems(data: unknown, doc: Document, file: string): Problem[] {
  const problems = validateData('prompt', data, doc, file);
  if (problems.length === 0) problems.push(...semanticProblems(data as PromptFile, doc, file));
  return problems;
}

/** What the schema cannot say. */
function semanticProblems(data: PromptFile, doc: Document, file: string): Problem[] {
  const problems: Problem[] = [];
  if (typeof data.jsonSchema === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.jsonSchema);
    } catch (e) {
      // Reported as a problem at jsonSchema with the parser's message.
      problems.push({
        location: locate(doc, file, ['jsonSchema']),
        message: `jsonSchema: not valid JSON (${(e as Error).message})`,
      });
    }
    if (parsed !== undefined && (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))) {
      problems.push({
        location: locate(doc, file, ['jsonSchema']),
        message: 'jsonSchema: must be a JSON object',
      });
    }
  }
  return problems;
}

/** The JSON Schema object of a prompt's `jsonSchema` (parsed when GitHub-style JSON text), or undefined. */
export function jsonSchemaObject(data: PromptFile): Record<string, unknown> | undefined {
  if (data.jsonSchema === undefined) return undefined;
  if (typeof data.jsonSchema === 'string') return JSON.parse(data.jsonSchema) as Record<string, unknown>;
  return data.jsonSchema;
}
