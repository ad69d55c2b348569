/**
 * Normalisation of an instruction before it is paid for: whitespace collapsed, empty lines dropped and every
 * sentence that already appeared (compared without case, spacing or final punctuation) removed, so that a winner
 * never carries the same sentence twice and two texts that differ only so are one version (one evaluation).
 * Lines are kept as lines (examples are one case per line); `{{placeholders}}` are never touched.
 */
import { clonePrompt, type PromptGenome } from './genome.ts';

/** Sentences of one line: split after . ! ? followed by a space and a capital, quote or bracket. */
function lineSentences(line: string): string[] {
  return line
    .split(/(?<=[.!?])\s+(?=[A-Z"“(])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const key = (s: string) =>
  s
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.!?;:,\s]+$/, '')
    .trim();

export function normaliseInstruction(text: string): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const kept = lineSentences(raw.replace(/[ \t]+/g, ' ')).filter((s) => {
      const k = key(s);
      if (k === '' || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    if (kept.length > 0) lines.push(kept.join(' '));
  }
  return lines.join('\n');
}

/** The genome with its mutable messages normalised (the same object when nothing changed). */
export function normalisePrompt(g: PromptGenome, mutableRoles: readonly string[]): PromptGenome {
  let changed = false;
  const out = clonePrompt(g);
  for (const m of out.messages) {
    if (!mutableRoles.includes(m.role)) continue;
    const next = normaliseInstruction(m.content);
    // An instruction that normalises to nothing stays as written (the run must still have a prompt).
    if (next !== m.content && next !== '') {
      m.content = next;
      changed = true;
    }
  }
  return changed ? out : g;
}
