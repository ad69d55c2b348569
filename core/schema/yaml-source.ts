import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type ParseOptions,
  parseDocument,
  type ToStringOptions,
  visit,
} from 'yaml';
import type { Problem, SourceLocation } from '../errors.ts';

/**
 * The line table of the text a Document was parsed from. Attached to the Document (not kept in module state) so
 * that later checks (template variables, datasets) can still name line and column; a Document built or edited in
 * memory has none, and its problems name the file and field only.
 */
const LINES = Symbol('evohub.lineCounter');

type WithLines = { [LINES]?: LineCounter };

export type YamlSource = { doc: Document; problems: Problem[] };

/**
 * Parses YAML keeping comments, key order and node ranges. Syntax errors come back as located problems (all of
 * them), never thrown. The output style of `doc.toString()` follows the source (sequence indentation,
 * flow-collection padding, no re-wrapping of long lines), so an unedited document prints back as it was wherever
 * yaml allows.
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const options: ParseOptions = { lineCounter, prettyErrors: true, keepSourceTokens: false };
  const doc = parseDocument(text, options);
  Object.defineProperty(doc, LINES, { value: lineCounter, enumerable: false });
  const toStringDefaults: ToStringOptions = {
    lineWidth: 0,
    indentSeq: detectIndentSeq(doc, lineCounter),
    flowCollectionPadding: detectFlowPadding(doc, text),
  };
  // Schema.toStringOptions is what toString() starts from (and clone() keeps); the typings mark it readonly.
  const schema = doc.schema as { toStringOptions: ToStringOptions | null };
  schema.toStringOptions = { ...schema.toStringOptions, ...toStringDefaults };
  const problems: Problem[] = doc.errors.map((e) => {
    const pos = e.linePos?.[0];
    return {
      location: { file, line: pos?.line, column: pos?.col },
      message: `YAML syntax error: ${firstLine(e.message)}`,
    };
  });
  return { doc, problems };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  // yaml appends " at line N, column M:"; the location is already in front.
  return line.replace(/ at line \d+, column \d+:?\s*$/, '');
}

/** `key:\n- item` (false) or `key:\n  - item` (true, yaml's default), as the source does it. */
function detectIndentSeq(doc: Document, lines: LineCounter): boolean {
  let found: boolean | undefined;
  const search = (node: unknown): void => {
    if (found !== undefined) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (found !== undefined) return;
        const key = pair.key;
        const value = pair.value;
        if (isSeq(value) && !value.flow && isScalar(key) && key.range && value.range) {
          const keyPos = lines.linePos(key.range[0]);
          const seqPos = lines.linePos(value.range[0]);
          if (seqPos.line > keyPos.line) found = seqPos.col > keyPos.col;
        }
        search(value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) search(item);
    }
  };
  search(doc.contents);
  return found ?? true;
}

/** `{ a: 1 }` (true, yaml's default) or `{a: 1}` (false), as the first non-empty flow collection does it. */
function detectFlowPadding(doc: Document, text: string): boolean {
  let found: boolean | undefined;
  visit(doc, {
    Map: (_k, node) => check(node),
    Seq: (_k, node) => check(node),
  });
  function check(node: { flow?: boolean; items: unknown[]; range?: [number, number, number] | null }) {
    if (!node.flow || node.items.length === 0 || !node.range) return undefined;
    found = text[node.range[0] + 1] === ' ';
    return visit.BREAK;
  }
  return found ?? true;
}

export function lineCounterOf(doc: Document): LineCounter | undefined {
  return (doc as WithLines)[LINES];
}

export type PathSegment = string | number;

/** Splits an ajv instancePath (a JSON pointer) into segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: readonly PathSegment[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** `/messages/0/role` → `messages[0].role`: how people write a field. */
export function humanPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number' || /^\d+$/.test(s)) out += `[${s}]`;
    else out += out === '' ? s : `.${s}`;
  }
  return out;
}

type Found = { node: Node | undefined; key: Node | undefined; depth: number };

/** Walks the document along a path; returns the deepest node reached (and the key node of the last pair). */
function walk(doc: Document, segments: readonly PathSegment[]): Found {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  let depth = 0;
  let last: Found = { node: (doc.contents as Node | null) ?? undefined, key: undefined, depth: 0 };
  for (const seg of segments) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (!pair) break;
      key = pair.key as Node;
      node = pair.value ?? undefined;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) break;
      key = undefined;
      node = item;
    } else {
      break;
    }
    depth++;
    last = { node: (node as Node | null) ?? undefined, key, depth };
  }
  return last;
}

function positionOf(doc: Document, node: Node | undefined): { line?: number; column?: number } {
  const lines = lineCounterOf(doc);
  if (!lines || !node?.range) return {};
  const pos = lines.linePos(node.range[0]);
  return { line: pos.line, column: pos.col };
}

export type LocateTarget = 'value' | 'key';

/**
 * The source location of a field. `value` points at the field's value node (or, for a key whose value is empty,
 * at its key); `key` points at the key itself (for unknown properties). A path that does not exist points at the
 * deepest node that does (a missing required property is reported at its parent).
 */
export function locate(
  doc: Document,
  file: string,
  segments: readonly PathSegment[],
  target: LocateTarget = 'value',
): SourceLocation {
  const found = walk(doc, segments);
  const complete = found.depth === segments.length;
  let node: Node | undefined = found.node;
  if (complete && target === 'key' && found.key) node = found.key;
  else if (node && (!node.range || (isScalar(node) && node.value === null && found.key)))
    node = found.key ?? node;
  if (!node) node = (doc.contents as Node | null) ?? undefined;
  const field = toPointer(segments);
  if (!lineCounterOf(doc)) return { file, field };
  const pos = positionOf(doc, node);
  // An empty document has no node to point at: the start of the file.
  return { file, line: pos.line ?? 1, column: pos.column ?? 1, field };
}

/** How many alias expansions a document may take before it is treated as a "billion laughs" attack. */
export const MAX_ALIAS_COUNT = 1000;

/**
 * `doc.toJS()` with alias expansion bounded: a document whose aliases would expand past `maxAliasCount`
 * (yaml throws a ReferenceError), or with an alias to no anchor, is a located problem for that file (at its
 * first alias), never an exception that stops the other files.
 */
export function yamlData(
  doc: Document,
  file: string,
  maxAliasCount = MAX_ALIAS_COUNT,
): { data: unknown; problems: Problem[] } {
  try {
    return { data: doc.toJS({ maxAliasCount }), problems: [] };
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    let alias: Node | undefined;
    visit(doc, {
      Alias: (_k, node) => {
        alias = node;
        return visit.BREAK;
      },
    });
    const excessive = /excessive alias count/i.test(e.message);
    const message = excessive
      ? `too many YAML alias expansions (more than ${maxAliasCount}): refusing a document that expands like a "billion laughs" attack`
      : `YAML: ${e.message}`;
    const pos = positionOf(doc, alias);
    return {
      data: undefined,
      problems: [{ location: { file, line: pos.line ?? 1, column: pos.column ?? 1 }, message }],
    };
  }
}
