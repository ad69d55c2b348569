/**
 * Text from outside (dataset cells, model outputs, file names, commit messages, values quoted in errors) made
 * safe to print to a terminal, a CI log or a pull-request body: every control character is shown as a visible
 * escape instead of being sent raw, so `\x1b]0;PWNED\x07\x1b[2J` cannot set the window title, clear the screen,
 * move the cursor, hide text (`\r` overwriting a line) or reorder it (Unicode bidirectional overrides). The text
 * is escaped character by character, so a whole ANSI/OSC sequence loses its introducer and prints inertly.
 * Escaped: C0 controls (except `\n` and `\t`, unless single-line), DEL, C1 controls, the bidirectional
 * embeddings, overrides and isolates, and the Unicode line and paragraph separators.
 */

export type SafeTextOptions = {
  /** Also escape `\n` and `\t` (for one-line contexts: table cells, progress labels). Default false. */
  singleLine?: boolean;
};

// C0 except \t \n, DEL, C1; the Arabic letter mark, LRM, RLM; U+2028/U+2029; bidi embeddings, overrides, isolates.
// Built from a string: the class lists control characters on purpose (a regex literal trips the linter).
const OTHERS = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${OTHERS}]`, 'g');
const UNSAFE_SINGLE_LINE = new RegExp(`[\\u0000-\\u001f${OTHERS}]`, 'g');

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/**
 * C0 as `\\x1b`, everything else as `\\u009b`: JSON text never holds a raw C0 character (JSON.stringify escapes
 * them), so escaping printed JSON this way keeps it valid and decoding to the same strings.
 */
function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.codePointAt(0) as number;
  return code < 0x20
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every terminal control character replaced by a visible escape such as `\x1b`. */
export function safeText(text: string, options: SafeTextOptions = {}): string {
  if (options.singleLine) return text.replace(UNSAFE_SINGLE_LINE, escapeChar);
  // A CRLF line end is harmless (nothing is left on the line to overwrite): files edited on Windows print as is.
  return text.replace(UNSAFE, (c: string, at: number) =>
    c === '\r' && text[at + 1] === '\n' ? c : escapeChar(c),
  );
}

/** True when `text` holds something safeText would escape. */
export function hasControlCharacters(text: string, options: SafeTextOptions = {}): boolean {
  // A fresh non-global copy: a /g regex's lastIndex would make repeated tests disagree.
  return new RegExp((options.singleLine ? UNSAFE_SINGLE_LINE : UNSAFE).source).test(text);
}
