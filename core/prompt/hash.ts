import { createHash } from 'node:crypto';
import type { PromptFile } from './types.ts';

/**
 * JSON with sorted keys and no whitespace. Numbers print in JavaScript's shortest round-trip form, so `1.0`,
 * `1` and `1e0` in YAML are the same; -0 is 0. `undefined` members are dropped, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new TypeError(`cannot hash the number ${value}`);
      return JSON.stringify(Object.is(value, -0) ? 0 : value);
    }
    if (typeof value === 'bigint') return value.toString();
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Fields that record where a prompt came from, not what it does: left out of the content hash. */
const HISTORY_FIELDS = ['lineage', 'version'] as const;

/**
 * The identity of a prompt's behaviour: sha256 (hex) of the canonical JSON of everything that affects what the
 * model is asked and how the answer is scored. Unchanged by key order, comments, quoting or YAML layout; `lineage`
 * and `version` are excluded (the same content reached twice is the same prompt). A `jsonSchema` given as JSON text
 * is hashed as the object it denotes, so its whitespace does not matter either.
 */
export function promptContentHash(data: PromptFile): string {
  const content: Record<string, unknown> = { ...data };
  for (const f of HISTORY_FIELDS) delete content[f];
  if (typeof data.jsonSchema === 'string') {
    try {
      content.jsonSchema = JSON.parse(data.jsonSchema);
    } catch {
      // Invalid JSON cannot pass validation; hash the text as it is rather than fail here.
    }
  }
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
