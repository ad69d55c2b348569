/**
 * One redaction for everything evohub prints or logs: the exact values of the secrets it knows about (from the
 * environment, and the variables evohub.yaml names), plus anything secret-shaped, so that a server echoing a
 * request (a 401 body quoting the token, a 500 dumping headers) cannot make a secret reach a terminal or a log.
 */

/** Replaces every known secret value and every secret-shaped string in a text. */
export type Redactor = (text: string) => string;

export const REDACTED = '[redacted]';

/** Variables that hold a secret whatever their value looks like. */
const SECRET_VARIABLES = ['GITHUB_TOKEN', 'GH_TOKEN', 'GH_ENTERPRISE_TOKEN', 'ACTIONS_RUNTIME_TOKEN'];

/** A variable whose name says it holds a secret (OPENAI_API_KEY, NPM_TOKEN, PGPASSWORD, ...). */
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;

/**
 * Values shorter than this are not replaced verbatim: `none`, `1` or `true` in a secret-named variable would
 * otherwise blank out ordinary words. Real tokens are far longer.
 */
const MIN_SECRET_LENGTH = 6;

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // GitHub tokens (classic, OAuth, user-to-server, server-to-server, refresh; fine-grained).
  [/\b(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{20,})\b/g, REDACTED],
  // OpenAI / Anthropic and similar keys.
  [/\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}/g, REDACTED],
  // Authorization headers however they are printed: `authorization: token X`, `"authorization":"Bearer X"`.
  [/(authorization["']?\s*[:=]\s*["']?(?:token|bearer|basic)?\s*)[^\s"',}]{4,}/gi, `$1${REDACTED}`],
  [/\b(Bearer)(\s+)[A-Za-z0-9._~+/-]{8,}=*/gi, `$1$2${REDACTED}`],
  [/\b(token)(\s+)[A-Za-z0-9._~+/-]{16,}=*/g, `$1$2${REDACTED}`],
  [/(x-api-key["']?\s*[:=]\s*["']?)[^\s"',}]{4,}/gi, `$1${REDACTED}`],
  // Credentials in URLs.
  [/(\/\/[^/\s:@]+:)[^@\s/]+@/g, `$1${REDACTED}@`],
];

/**
 * A redactor for the given secret values (longest first, so a value containing another is removed whole), each
 * also in its base64 and URL-encoded forms (Basic auth, query strings).
 */
export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const values = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET_LENGTH) continue;
    values.add(s);
    values.add(encodeURIComponent(s));
    values.add(Buffer.from(s).toString('base64').replace(/=+$/, ''));
    values.add(Buffer.from(`x-access-token:${s}`).toString('base64').replace(/=+$/, ''));
  }
  const ordered = [...values]
    .filter((v) => v.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const v of ordered) if (out.includes(v)) out = out.split(v).join(REDACTED);
    for (const [re, to] of PATTERNS) out = out.replace(re, to);
    return out;
  };
}

/**
 * The secret values in an environment: the well-known token variables, every variable whose name says it is a
 * secret, and the variables named in `extraNames` (e.g. each provider's `apiKeyEnv` in evohub.yaml).
 */
export function secretsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  extraNames: Iterable<string> = [],
): string[] {
  const names = new Set<string>([...SECRET_VARIABLES, ...extraNames]);
  for (const name of Object.keys(env)) if (SECRET_NAME.test(name)) names.add(name);
  const out: string[] = [];
  for (const name of names) {
    const v = env[name];
    if (v) out.push(v);
  }
  return out;
}

/**
 * The environment-variable names an evohub.yaml text designates as secrets (`apiKeyEnv: NAME`, `tokenEnv: NAME`,
 * `passwordEnv: NAME`, ...). Read with a pattern rather than a YAML parser: it runs before anything else, on a
 * file that may not even parse, and must never fail.
 */
export function secretNamesInConfig(yamlText: string): string[] {
  const names: string[] = [];
  for (const m of yamlText.matchAll(
    /\b[a-zA-Z]*(?:Key|Token|Secret|Password)Env\s*:\s*["']?([A-Za-z_][A-Za-z0-9_]*)/g,
  )) {
    if (m[1] && m[1] !== 'none') names.push(m[1]);
  }
  return names;
}
