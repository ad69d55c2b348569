import { type Document, isMap, isScalar, isSeq, type Node, Scalar, visit } from 'yaml';
import { ValidationError } from '../errors.ts';
import type { ParsedPrompt } from './parse.ts';
import { promptProblems } from './parse.ts';
import type { PromptFile } from './types.ts';

type Container = { get(key: unknown, keepScalar: true): unknown; set(key: unknown, value: unknown): void };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Multi-line strings read best as `|` blocks (prompts are mostly multi-line text). */
function preferBlocks(node: unknown): void {
  visit(node as Node, {
    Scalar(_key, s) {
      if (typeof s.value === 'string' && s.value.includes('\n')) s.type = Scalar.BLOCK_LITERAL;
    },
  });
}

function newNode(doc: Document, value: unknown): Node {
  const node = doc.createNode(value) as Node;
  preferBlocks(node);
  return node;
}

/**
 * Writes `value` at `key` of `parent`, reusing the existing nodes where the shape matches so that their comments,
 * quoting and position survive; keys absent from a new object are removed, new keys go last.
 */
function assign(doc: Document, parent: Container, key: string | number, value: unknown): void {
  const existing = parent.get(key, true);
  if (isPlainObject(value) && isMap(existing)) {
    for (const pair of [...existing.items]) {
      const k = isScalar(pair.key) ? pair.key.value : pair.key;
      if (!Object.hasOwn(value, String(k)) || value[String(k)] === undefined) existing.delete(pair.key);
    }
    for (const [k, v] of Object.entries(value)) if (v !== undefined) assign(doc, existing, k, v);
    return;
  }
  if (Array.isArray(value) && isSeq(existing)) {
    value.forEach((v, i) => {
      if (i < existing.items.length) assign(doc, existing, i, v);
      else existing.items.push(newNode(doc, v));
    });
    existing.items.length = value.length;
    return;
  }
  if (isScalar(existing) && (value === null || typeof value !== 'object')) {
    if (existing.value === value) return;
    existing.value = value;
    const multiline = typeof value === 'string' && value.includes('\n');
    if (multiline) existing.type = Scalar.BLOCK_LITERAL;
    else if (existing.type === Scalar.BLOCK_LITERAL || existing.type === Scalar.BLOCK_FOLDED)
      delete existing.type;
    return;
  }
  parent.set(key, newNode(doc, value));
}

/**
 * Returns a copy of the prompt with the given top-level fields replaced (`undefined` removes a field). The user's
 * comments, key order and formatting of everything else are kept. The result is validated: a patch that would make
 * the file invalid throws ValidationError (its problems name the field; there are no lines yet).
 */
export function setPromptFields(p: ParsedPrompt, patch: Partial<PromptFile>): ParsedPrompt {
  const doc = p.doc.clone();
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as typeof doc.contents;
  const root = doc.contents as unknown as Container & { delete(key: unknown): boolean };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) root.delete(key);
    else assign(doc, root, key, value);
  }
  const data = doc.toJS() as PromptFile;
  const problems = promptProblems(data, doc, p.file);
  if (problems.length > 0) throw new ValidationError(problems);
  return { file: p.file, name: p.name, data, doc };
}

/** The file text. An unedited prompt prints back as it was read, wherever yaml allows (see docs/prompt-format.md). */
export function stringifyPrompt(p: ParsedPrompt): string {
  return p.doc.toString();
}
