/** SQL helpers the PostgreSQL store's modules share. */
import type pg from 'pg';

export type Row = Record<string, unknown>;

export type Queryable = { query: pg.Pool['query'] };

/** A timestamptz column as ISO 8601 text (UTC, milliseconds). */
export const iso = (col: string): string =>
  `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * PostgreSQL text and jsonb cannot hold U+0000, which a model's output may contain; it is stored as U+FFFD so that
 * one such row cannot make every later flush fail.
 */
export function pgText(s: string): string {
  return s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s;
}

/** JSON for a jsonb column: `\u0000` escapes (not escaped backslashes before `u0000`) become `\ufffd`. */
export function pgJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.includes('\\u0000') ? text.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd') : text;
}
