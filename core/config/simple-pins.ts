/**
 * The common shape of `environments/<env>.yaml`, read without the YAML parser and schema validator: a `prompts:`
 * line, then one `  name: <version>` or `  name: <commit-ish>` line per prompt (what `evohub promote` writes).
 * Resolving `name@production` against 100,000 pins must not parse 100,000 lines of YAML on every call. Anything
 * else (comments after values, quotes, flow style, duplicates, CRLF) returns null and the caller runs the full,
 * validating parser, which also reports problems with their lines.
 */
const HEADER = /^prompts:[ \t]*$/;
// Names and string values start with a letter (YAML would read `0.`, `1e5` as numbers) and are no YAML keyword.
const PIN = /^[ ]{2}([A-Za-z][A-Za-z0-9._-]*):[ ]+(?:([1-9]\d{0,14})|([A-Za-z][\w./-]*))[ \t]*$/;
const NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;
const KEYWORD = /^(?:y|n|yes|no|true|false|on|off|null)$/i;

export type Pin = number | string;

export function simplePins(text: string): Record<string, Pin> | null {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && /^\s*(#.*)?$/.test(lines[i] as string)) i++;
  if (!HEADER.test(lines[i] ?? '')) return null;
  // A plain object (the full parser returns one too): no key can be `__proto__`, since names start with a letter.
  // Built once and returned as it is; copying 100,000 keys cost as much as reading them.
  const pins: Record<string, Pin> = {};
  for (i++; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const m = PIN.exec(line);
    if (!m || Object.hasOwn(pins, m[1] as string) || KEYWORD.test(m[1] as string)) return null;
    if (m[3] !== undefined && KEYWORD.test(m[3])) return null;
    pins[m[1] as string] = m[2] !== undefined ? Number(m[2]) : (m[3] as string);
  }
  return pins;
}

/**
 * One pin of a text that simplePins() has accepted (the caller must know it has, e.g. from a stamp of its
 * content hash): the one `  name:` line, found without splitting or reading the others; undefined when the
 * name is not pinned. Lines before `prompts:` are blank or comments, so `\n  name:` can only start a pin line,
 * and there is at most one since duplicates were rejected. The colon keeps `a` from matching `ab:`. Takes the
 * file's bytes as they were read (the form is ASCII, so byte and character offsets agree): decoding 100,000
 * lines to search for one cost more than the search.
 */
export function simplePinOf(text: string | Buffer, name: string): Pin | undefined {
  if (!NAME.test(name)) return undefined;
  const at = text.indexOf(`\n  ${name}:`);
  if (at < 0) return undefined;
  const end = text.indexOf('\n', at + 1);
  const stop = end < 0 ? text.length : end;
  const m = PIN.exec(
    typeof text === 'string' ? text.slice(at + 1, stop) : text.subarray(at + 1, stop).toString(),
  );
  if (!m) return undefined;
  return m[2] !== undefined ? Number(m[2]) : (m[3] as string);
}
