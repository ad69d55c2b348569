import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { SourceLocation } from '../../core/errors.ts';

/**
 * Maps a path inside a prompt file (`['evaluators', 2, 'string', 'equals']`) to file:line:col, from the file's
 * text. Without the text (inline prompts in tests) the location still names the file and the field.
 */
export function makeLocator(
  file: string,
  text?: string,
): (path: readonly (string | number)[], target?: 'value' | 'key') => SourceLocation {
  const lines = new LineCounter();
  const doc = text === undefined ? undefined : parseDocument(text, { lineCounter: lines });
  return (path, target = 'value') => {
    const field = `/${path.join('/')}`;
    if (!doc) return { file, field };
    if (target === 'key' && path.length > 0) {
      const parent = doc.getIn(path.slice(0, -1), true);
      const pair = isMap(parent)
        ? parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1))
        : undefined;
      if (pair && isNode(pair.key) && pair.key.range) {
        const pos = lines.linePos(pair.key.range[0]);
        return { file, line: pos.line, column: pos.col, field };
      }
    }
    // The deepest node that exists along the path (a missing option points at its parent).
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lines.linePos(node.range[0]);
        return { file, line: pos.line, column: pos.col, field };
      }
    }
    return { file, field };
  };
}
