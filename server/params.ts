/**
 * Path and query parameters checked before they reach git or the store: names, revisions and ids are plain
 * tokens (no `..`, no leading `/`, no control characters), page sizes are bounded integers.
 */
import { UsageError } from '../core/errors.ts';

const NAME = /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9_.\-/]{1,200}$/;
const REV = /^(?!.*\.\.)[A-Za-z0-9_.\-/~^]{1,200}$/;
const ID = /^[A-Za-z0-9_.:-]{1,200}$/;
const HASH = /^[0-9a-f]{7,128}$/;

function check(value: string | undefined, re: RegExp, what: string, example: string): string {
  if (value === undefined || !re.test(value)) {
    throw new UsageError(`invalid ${what}: ${JSON.stringify((value ?? '').slice(0, 80))}`, {
      hint: `expected something like ${example}`,
      location: { file: 'request', field: what },
    });
  }
  return value;
}

export const promptNameParam = (v: string | undefined) =>
  check(v, NAME, 'name', 'ticket-triage or prompts/x.prompt.yml');
export const revParam = (v: string | undefined, what = 'rev') =>
  check(v, REV, what, '3, production, main or a commit');
export const optionalRev = (v: string | undefined, what = 'rev') =>
  v === undefined || v === '' ? undefined : revParam(v, what);
export const idParam = (v: string | undefined, what = 'id') => check(v, ID, what, '20260101T120000-1a2b3c4d');
export const hashParam = (v: string | undefined, what = 'hash') =>
  check(v?.toLowerCase(), HASH, what, 'a hex content hash, 7+ characters');

export type Paging = { limit: number; offset: number };

export function intQuery(v: string | undefined, what: string, dflt: number, max: number): number {
  if (v === undefined || v === '') return dflt;
  if (!/^\d{1,9}$/.test(v) || Number(v) > max) {
    throw new UsageError(`${what} must be an integer from 0 to ${max}, got "${v.slice(0, 20)}"`, {
      location: { file: 'request', field: what },
    });
  }
  return Number(v);
}

export function paging(q: (k: string) => string | undefined, dflt = 50): Paging {
  return { limit: intQuery(q('limit'), 'limit', dflt, 500), offset: intQuery(q('offset'), 'offset', 0, 1e9) };
}

export function boolQuery(v: string | undefined, what: string): boolean {
  if (v === undefined || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw new UsageError(`${what} must be true or false`, { location: { file: 'request', field: what } });
}
