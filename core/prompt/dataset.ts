import { type Document, isSeq } from 'yaml';
import { type Problem, type SourceLocation, ValidationError } from '../errors.ts';
import {
  lineCounterOf,
  locate,
  parseYamlSource,
  schemaErrors,
  schemaProblems,
  sortProblems,
  yamlData,
} from '../schema/index.ts';
import type { DatasetRow } from './types.ts';

/**
 * Where a dataset row came from (file:line of a JSONL line, the node of a YAML row or inline `testData` row).
 * Kept as a non-enumerable symbol property: invisible to Object.keys, JSON and templates.
 */
const ROW_SOURCE = Symbol('evohub.rowSource');

export function rowSource(row: DatasetRow): SourceLocation | undefined {
  return (row as { [ROW_SOURCE]?: SourceLocation })[ROW_SOURCE];
}

export function withRowSource(row: DatasetRow, where: SourceLocation): DatasetRow {
  Object.defineProperty(row, ROW_SOURCE, { value: where, enumerable: false, configurable: true });
  return row;
}

export type DatasetFormat = 'jsonl' | 'json' | 'yaml';

export function datasetFormat(path: string): DatasetFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return undefined;
}

function notAnObject(value: unknown): boolean {
  return value === null || typeof value !== 'object' || Array.isArray(value);
}

/** V8 names a JSON syntax error's place as "position N" or "(line L column C)". */
function jsonErrorColumn(message: string): number | undefined {
  const col = /column (\d+)/.exec(message);
  if (col) return Number(col[1]);
  const pos = /position (\d+)/.exec(message);
  return pos ? Number(pos[1]) + 1 : undefined;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function parseJsonl(text: string, file: string, problems: Problem[]): DatasetRow[] {
  const rows: DatasetRow[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const where: SourceLocation = { file, line: i + 1 };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      // Reported as this line's problem with its column; the other lines are still checked.
      const message = (e as Error).message;
      problems.push({
        location: { ...where, column: jsonErrorColumn(message) ?? 1 },
        message: `invalid JSON: ${message}`,
      });
      return;
    }
    if (notAnObject(value)) {
      problems.push({
        location: where,
        message: 'a dataset row must be an object of variables (name: value)',
      });
      return;
    }
    rows.push(withRowSource(value as DatasetRow, where));
  });
  return rows;
}

function parseJson(text: string, file: string, problems: Problem[]): DatasetRow[] {
  try {
    JSON.parse(text);
  } catch (e) {
    // Reported as the file's problem at the position JSON.parse names.
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    const where = pos ? lineAndColumn(text, Number(pos[1])) : { line: 1, column: 1 };
    problems.push({ location: { file, ...where }, message: `invalid JSON: ${message}` });
    return [];
  }
  // JSON is YAML: reading it as YAML gives every row its line and column.
  return parseYamlRows(text, file, problems, 'a JSON dataset must be an array of rows');
}

function parseYamlRows(
  text: string,
  file: string,
  problems: Problem[],
  notAList = 'a YAML dataset must be a list of rows',
): DatasetRow[] {
  const { doc, problems: syntax } = parseYamlSource(text, file);
  if (syntax.length > 0) {
    problems.push(...syntax);
    return [];
  }
  if (!isSeq(doc.contents)) {
    problems.push({ location: locate(doc, file, []), message: notAList });
    return [];
  }
  const { data, problems: aliases } = yamlData(doc, file, 10000);
  problems.push(...aliases);
  if (aliases.length > 0) return [];
  return rowsFromNodes(data as unknown[], doc, file, [], problems);
}

/** Rows of a YAML sequence (a dataset file, or inline `testData`), each tagged with its node's location. */
function rowsFromNodes(
  data: readonly unknown[],
  doc: Document,
  file: string,
  prefix: readonly (string | number)[],
  problems: Problem[],
): DatasetRow[] {
  const rows: DatasetRow[] = [];
  data.forEach((row, i) => {
    const errors = schemaErrors('datasetRow', row);
    if (errors.length > 0) {
      const shifted = errors.map((e) => ({
        ...e,
        instancePath: `${toPrefix(prefix)}/${i}${e.instancePath}`,
      }));
      problems.push(...schemaProblems(shifted, doc, file));
      return;
    }
    const where = locate(doc, file, [...prefix, i]);
    rows.push(
      withRowSource({ ...(row as DatasetRow) }, lineCounterOf(doc) ? where : { file, field: where.field }),
    );
  });
  return rows;
}

function toPrefix(prefix: readonly (string | number)[]): string {
  return prefix.map((p) => `/${p}`).join('');
}

/**
 * Parses a dataset file's text: JSONL (one object per line; blank lines skipped), JSON (an array of objects) or
 * YAML (a list of mappings). Throws ValidationError with every problem, each naming file:line (JSONL, YAML).
 */
export function parseDataset(text: string, file: string, format: DatasetFormat): DatasetRow[] {
  const problems: Problem[] = [];
  const rows =
    format === 'jsonl'
      ? parseJsonl(text, file, problems)
      : format === 'json'
        ? parseJson(text, file, problems)
        : parseYamlRows(text, file, problems);
  if (problems.length > 0) throw new ValidationError(sortProblems(problems));
  return rows;
}

/** Inline `testData` rows of a parsed prompt, tagged with their location in the prompt file. */
export function inlineRows(data: readonly unknown[], doc: Document, file: string): DatasetRow[] {
  const problems: Problem[] = [];
  const rows = rowsFromNodes(data, doc, file, ['testData'], problems);
  if (problems.length > 0) throw new ValidationError(problems);
  return rows;
}
