/**
 * Text surgery for structural prompt operators: sections (markdown headings, else blank-line paragraphs),
 * sentence spans, and the template placeholders (`{{var}}`) that no operator may lose.
 */

const HEADING = /^#{1,6}\s/m;

/** Splits a message into sections: before each markdown heading if there is one, else into paragraphs. */
export function splitSections(content: string): { sections: string[]; joiner: string } {
  if (HEADING.test(content)) {
    const sections = content.split(/(?=^#{1,6}\s)/m).filter((s) => s.length > 0);
    return { sections, joiner: '' };
  }
  const sections = content.split(/\n[ \t]*\n/).filter((s) => s.trim().length > 0);
  return { sections, joiner: '\n\n' };
}

/** Joins sections split with the given joiner; heading sections get a blank line between them if missing. */
export function joinSections(sections: readonly string[], joiner: string): string {
  if (joiner !== '') return sections.join(joiner);
  return sections.map((s, i) => (i < sections.length - 1 && !s.endsWith('\n') ? `${s}\n\n` : s)).join('');
}

/** The `{{name}}` placeholders of a text, sorted and de-duplicated. */
export function placeholders(content: string): string[] {
  return [...new Set([...content.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((m) => m[1]!))].sort();
}

export function samePlaceholders(a: string, b: string): boolean {
  return placeholders(a).join('\u0000') === placeholders(b).join('\u0000');
}

/** Sentence spans [start, end) of a text: runs ending in . ! ? or a line break, with their trailing blanks. */
export function sentenceSpans(content: string): { start: number; end: number; text: string }[] {
  const spans: { start: number; end: number; text: string }[] = [];
  for (const m of content.matchAll(/[^.!?\n]+(?:[.!?]+|(?=\n)|$)[ \t]*/g)) {
    if (m[0].trim().length === 0) continue;
    spans.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return spans;
}

/** Tidies what a deletion leaves: no runs of 3+ newlines, no trailing blanks on lines, trimmed ends. */
export function tidy(content: string): string {
  return content
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
