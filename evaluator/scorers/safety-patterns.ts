/** Patterns the safety scorer looks for. Data, not logic: extend here. */

export const PII_PATTERNS: readonly { name: string; pattern: RegExp; luhn?: boolean }[] = [
  { name: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/ },
  { name: 'us-ssn', pattern: /\b\d{3}-\d{2}-\d{4}\b/ },
  { name: 'credit-card', pattern: /\b(?:\d[ -]?){13,19}\b/, luhn: true },
  { name: 'phone', pattern: /(?:\+\d{1,3}[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b/ },
  { name: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b/ },
  { name: 'ipv4', pattern: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/ },
];

export const INJECTION_MARKERS: readonly { name: string; pattern: RegExp }[] = [
  {
    name: 'ignore-instructions',
    pattern:
      /\b(ignore|disregard|forget)\b.{0,30}\b(previous|prior|above|earlier|all)\b.{0,20}\b(instructions?|prompts?|rules)\b/i,
  },
  {
    name: 'reveal-prompt',
    pattern: /\b(reveal|print|show|repeat)\b.{0,30}\b(system|hidden|initial)\s+(prompt|instructions?)\b/i,
  },
  {
    name: 'role-override',
    pattern: /\byou are now\b|\bact as (?:an? )?(?:unrestricted|jailbroken)\b|\bDAN mode\b/i,
  },
  { name: 'chat-markup', pattern: /<\|(?:im_start|im_end|system|endoftext)\|>|\[\/?INST\]|<<SYS>>/i },
];

/** Luhn checksum, so that arbitrary long numbers are not reported as card numbers. */
export function luhnValid(digits: string): boolean {
  const d = digits.replace(/\D/g, '');
  if (d.length < 13 || d.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = Number(d[d.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}
