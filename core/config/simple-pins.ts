/**
 * The common shape of `environments/<env>.yaml`, read without the YAML parser and schema validator: a `prompts:`
 * line, then one `  name: <version>` or `  name: <commit-ish>` line per prompt (what `evohub promote` writes).
 * Resolving `name@production` against 100,000 pins must not parse 100,000 lines of YAML on every call. Anything
 * else (comments after values, quotes, flow style, duplicates) returns null and the caller runs the full,
 * validating parser, which also reports problems with their lines.
 */
const HEADER = /^prompts:[ \t]*$/;
// Names and string values start with a letter (YAML would read `0.`, `1e5` as numbers) and are no YAML keyword.
const PIN = /^[ ]{2}([A-Za-z][A-Za-z0-9._-]*):[ ]+(?:([1-9]\d{0,14})|([A-Za-z][\w./-]*))[ \t]*$/;
const KEYWORD = /^(?:y|n|yes|no|true|false|on|off|null)$/i;

export function simplePins(text: string): Record<string, number | string> | null {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && /^\s*(#.*)?$/.test(lines[i] as string)) i++;
  if (!HEADER.test(lines[i] ?? '')) return null;
  const pins: Record<string, number | string> = Object.create(null);
  for (i++; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const m = PIN.exec(line);
    if (!m || Object.hasOwn(pins, m[1] as string) || KEYWORD.test(m[1] as string)) return null;
    if (m[3] !== undefined && KEYWORD.test(m[3])) return null;
    pins[m[1] as string] = m[2] !== undefined ? Number(m[2]) : (m[3] as string);
  }
  return { ...pins };
}
