/**
 * PII redaction for production feedback, before anything leaves the application: named detectors (e-mail,
 * phone, card numbers checked with Luhn) and the repository's own regexes from `evohub.yaml` `pii:`. Pure.
 * Redaction replaces each match with a marker naming the rule (`[EMAIL]`, `[CARD]`, `[REDACTED:<name>]`), so a
 * reviewer of the resulting test case sees what was there without seeing it.
 */
import { ConfigError } from '../errors.ts';

export type PiiPattern = { name: string; regex: string; replacement?: string };
export type PiiSettings = { detectors?: string[]; patterns?: PiiPattern[] };

type Detector = {
  description: string;
  regex: RegExp;
  replacement: string;
  accept?: (match: string) => boolean;
};

/** Luhn checksum over the digits of `s` (spaces and dashes ignored). */
export function luhnValid(s: string): boolean {
  const digits = s.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The named detectors; `evohub.yaml` `pii.detectors` lists which apply (default: all). */
export const PII_DETECTORS: Readonly<Record<string, Detector>> = {
  email: {
    description: 'e-mail addresses',
    // RFC 5322 atext in the local part (fast-check's addresses use all of it). A match starts only where a run
    // of atext starts (the lookbehind): trying every position inside a long run without an `@` was quadratic,
    // 26 s for 100,000 letters in one recorded input. The leftmost match is the same either way.
    regex:
      /(?<![\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-])[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu,
    replacement: '[EMAIL]',
  },
  card: {
    description: 'payment card numbers (12–19 digits, spaces or dashes allowed, Luhn-checked)',
    regex: /\b\d(?:[ -]?\d){11,18}\b/g,
    replacement: '[CARD]',
    accept: luhnValid,
  },
  phone: {
    description:
      'phone numbers (optional +country code, 7–15 digits with spaces, dots, dashes or parentheses)',
    regex: /(?<![\w+])\+?\d{1,3}?[ .-]?\(?\d{2,4}\)?(?:[ .-]?\d{2,4}){2,4}(?!\w)/g,
    replacement: '[PHONE]',
    accept: (m) => {
      const n = m.replace(/\D/g, '').length;
      return n >= 7 && n <= 15;
    },
  },
};

/** Card before phone: a card number also looks like a long phone number. */
const ORDER = ['email', 'card', 'phone'];

export type CompiledPii = { rules: { name: string; detector: Detector }[] };

/** Checks and compiles the settings; `where` names the file for errors (the schema checks shapes first). */
export function compilePii(settings: PiiSettings | undefined, where = 'evohub.yaml'): CompiledPii {
  const names = settings?.detectors ?? ORDER;
  const rules: CompiledPii['rules'] = [];
  for (const name of [...names].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))) {
    const detector = PII_DETECTORS[name];
    if (!detector) {
      throw new ConfigError(`unknown PII detector "${name}"`, {
        location: { file: where, field: '/pii/detectors' },
        hint: `known: ${Object.keys(PII_DETECTORS).join(', ')}`,
      });
    }
    rules.push({ name, detector });
  }
  for (const [i, p] of (settings?.patterns ?? []).entries()) {
    let regex: RegExp;
    try {
      regex = new RegExp(p.regex, 'gu');
    } catch (e) {
      throw new ConfigError(
        `pii pattern "${p.name}" is not a valid regular expression: ${(e as Error).message}`,
        {
          location: { file: where, field: `/pii/patterns/${i}/regex` },
        },
      );
    }
    if (regex.test('')) {
      throw new ConfigError(`pii pattern "${p.name}" matches the empty string`, {
        location: { file: where, field: `/pii/patterns/${i}/regex` },
        hint: 'a pattern must match at least one character',
      });
    }
    rules.push({
      name: p.name,
      detector: { description: p.name, regex, replacement: p.replacement ?? `[REDACTED:${p.name}]` },
    });
  }
  return { rules };
}

export function redactText(text: string, pii: CompiledPii): string {
  let out = text;
  for (const { detector } of pii.rules) {
    detector.regex.lastIndex = 0;
    out = out.replace(detector.regex, (m) =>
      detector.accept && !detector.accept(m) ? m : detector.replacement,
    );
  }
  return out;
}

/** Redacts every string inside a JSON-like value (object keys are kept: they are variable names). */
export function redactValue(value: unknown, pii: CompiledPii): unknown {
  if (typeof value === 'string') return redactText(value, pii);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, pii));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, pii)]));
  }
  return value;
}
