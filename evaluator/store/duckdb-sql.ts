/** Small SQL helpers the DuckDB store's modules share. */

/** `2026-01-02T03:04:05.678Z` → DuckDB TIMESTAMP text (UTC). */
export function sqlTime(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '');
}

export function micros(iso: string): bigint {
  return BigInt(Date.parse(iso)) * 1000n;
}

/** A TIMESTAMP column as ISO 8601 text (UTC, milliseconds). */
export const ISO = (col: string): string => `strftime(${col}, '%Y-%m-%dT%H:%M:%S.%gZ')`;

export type Row = Record<string, unknown>;

/** A JSON text column (NULL → undefined). */
export function jsonOrUndefined(v: unknown): unknown {
  return v == null ? undefined : JSON.parse(String(v));
}
