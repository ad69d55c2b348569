/** Small pure helpers for the Markdown evohub writes into pull requests and comments. */
import type { Interval } from '../evaluation/stats.ts';
import { safeText } from '../text/safe-text.ts';

/** A table cell: pipes escaped, line breaks flattened, control characters shown as escapes (see safeText). */
export function cell(text: string): string {
  const flat = text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return safeText(flat, { singleLine: true });
}

/**
 * The last step of every pull-request or comment body: control characters escaped (a body is read in
 * terminals too, through `gh` or `git log`) and secret-shaped strings redacted.
 */
export function finishBody(text: string): string {
  return safeText(redactSecrets(text));
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * A number with up to `digits` decimals (more for small values, so that three significant digits show: costs
 * per call are fractions of a cent), trailing zeros dropped; `n/a` for NaN.
 */
export function num(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'n/a' : x > 0 ? '∞' : '-∞';
  const small = x !== 0 && Math.abs(x) < 1 ? Math.min(8, 2 - Math.floor(Math.log10(Math.abs(x)))) : 0;
  const s = x.toFixed(Math.max(digits, small));
  const trimmed = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  return trimmed === '-0' ? '0' : trimmed;
}

export function signed(x: number, digits = 3): string {
  const s = num(x, digits);
  return x > 0 && Number.isFinite(x) ? `+${s}` : s;
}

export function interval(ci: Interval, digits = 3): string {
  if (!Number.isFinite(ci.low) || !Number.isFinite(ci.high)) return 'n/a';
  return `[${num(ci.low, digits)}, ${num(ci.high, digits)}]`;
}

export function usd(x: number): string {
  return `$${x.toFixed(x < 1 ? 4 : 2)}`;
}

/**
 * Secret-shaped strings replaced by `***` (GitHub tokens, OpenAI and Anthropic keys, bearer headers, URL
 * passwords): a last guard, since bodies are built from evidence that should hold none.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{20,})\b/g, '***')
    .replace(/\bsk-(ant-)?[A-Za-z0-9_-]{16,}\b/g, '***')
    .replace(/\b(Bearer|token)\s+[A-Za-z0-9._~+/-]{16,}=*/g, '$1 ***')
    .replace(/(\/\/[^/\s:@]+:)[^@\s/]+@/g, '$1***@');
}
