import type { Message } from '../../core/prompt/types.ts';

/** The part of a rendered prompt that is the case (the ticket, the invoice) and the part that instructs. */
export type SplitPrompt = { instructions: string; input: string };

const MARKER = /^(?:ticket|invoice|input|text|message|document)\s*:\s*/im;

/**
 * The case is the last user message; within it, the text after the last line starting with a marker
 * (`Ticket:`, `Invoice:`, `Input:`, `Text:`, `Message:`, `Document:`), else its last paragraph when there are
 * several, else all of it. Everything else (system messages, few-shot turns, the rest of the last user message)
 * counts as instructions.
 */
export function splitPrompt(messages: readonly Message[]): SplitPrompt {
  let last = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') {
      last = i;
      break;
    }
  }
  // Few-shot turns (a user message answered by an assistant message) read as one `input -> answer` line.
  const others: string[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as Message;
    if (i === last) continue;
    const next = messages[i + 1];
    if (m.role === 'user' && next?.role === 'assistant' && i + 1 !== last) {
      others.push(`${m.content.replace(/\s+/g, ' ').trim()} -> ${next.content.trim()}`);
      i++;
    } else others.push(m.content);
  }
  if (last < 0) return { instructions: others.join('\n\n'), input: '' };
  const content = (messages[last] as Message).content;
  let cut = -1;
  let after = -1;
  const re = new RegExp(MARKER.source, 'gim');
  for (const m of content.matchAll(re)) {
    cut = m.index;
    after = m.index + m[0].length;
  }
  let head = '';
  let input = content;
  if (cut >= 0) {
    head = content.slice(0, cut);
    input = content.slice(after);
  } else {
    const paragraphs = content.split(/\n\s*\n/);
    if (paragraphs.length > 1) {
      input = paragraphs.pop() as string;
      head = paragraphs.join('\n\n');
    }
  }
  return { instructions: [...others, head].filter((s) => s.trim()).join('\n\n'), input: input.trim() };
}

/** Splits instruction text into sentences (for relevance and edits). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z"“(])|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
