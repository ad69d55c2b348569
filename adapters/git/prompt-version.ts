import { createRequire } from 'node:module';

/** A top-level `version: N` line in a block-style YAML document (the form evohub and people write). */
const VERSION_LINE = /^version:[ \t]*["']?(\d+)["']?[ \t]*(?:#.*)?$/m;

/** A prompt file is found as `**\/*.prompt.yml` or `**\/*.prompt.yaml`. */
export const PROMPT_FILE = /\.prompt\.ya?ml$/;

/**
 * The `version` field of a prompt file's text, or null when it has none or the file is not valid YAML. The
 * version index reads thousands of historic blobs, so a line match answers the common case without a full
 * parse; anything else (flow style, odd quoting) falls back to the YAML parser.
 */
export function promptVersionOf(text: string): number | null {
  const m = VERSION_LINE.exec(text);
  if (m) return Number(m[1]);
  if (!text.includes('version')) return null;
  try {
    // Loaded on first use only: the YAML parser is 72 modules that `log` and `show` never need otherwise.
    const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    const data: unknown = parse(text);
    if (data && typeof data === 'object' && 'version' in data) {
      const v = (data as { version: unknown }).version;
      return typeof v === 'number' && Number.isInteger(v) ? v : null;
    }
  } catch {
    // Historic files may be invalid YAML; they simply have no version.
  }
  return null;
}
