import { type SourceLocation, TemplateError } from '../errors.ts';
import type { Message } from './types.ts';

/** `{{ name }}` placeholders; names may contain letters, digits, `_`, `-` and dots (for nested fields). */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** Variable names a template refers to, in order of first use. */
export function templateVariables(template: string): string[] {
  const seen = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) seen.add(m[1] as string);
  return [...seen];
}

/** The value a placeholder name refers to (`a.b` looks into nested objects); undefined when there is none. */
export function lookupVariable(vars: Readonly<Record<string, unknown>>, name: string): unknown {
  return lookup(vars, name);
}

function lookup(vars: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(vars, name)) return vars[name];
  let cur: unknown = vars;
  for (const part of name.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Replaces `{{var}}` with values. A placeholder with no value is an error naming the variable and the place,
 * with the variables that are available (a typo is the usual cause).
 */
export function renderTemplate(
  template: string,
  vars: Readonly<Record<string, unknown>>,
  where?: SourceLocation,
): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = lookup(vars, name);
    if (value === undefined || value === null) {
      const known = Object.keys(vars);
      throw new TemplateError(`unknown template variable {{${name}}}`, {
        location: where,
        hint: known.length ? `available: ${known.join(', ')}` : 'no variables are available here',
      });
    }
    return toText(value);
  });
}

export function renderMessages(
  messages: readonly Message[],
  vars: Readonly<Record<string, unknown>>,
  file?: string,
): Message[] {
  return messages.map((m, i) => ({
    role: m.role,
    content: renderTemplate(m.content, vars, file ? { file, field: `/messages/${i}/content` } : undefined),
  }));
}
