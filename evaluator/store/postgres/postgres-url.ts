import { redactUrl } from '../../../core/redact-url.ts';

/** `postgres://` and `postgresql://` URLs name a PostgreSQL results store. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** A message about `url` safe for logs: no credentials, and the password scrubbed from any text that echoes it. */
export function scrubPostgresText(text: string, url: string): string {
  let out = text.split(url).join(redactUrl(url));
  try {
    const { password } = new URL(url);
    for (const secret of [password, decodeURIComponent(password)])
      if (secret.length > 0) out = out.split(secret).join('***');
  } catch {
    // Not a URL: nothing more to scrub than the whole text above.
  }
  return out;
}
