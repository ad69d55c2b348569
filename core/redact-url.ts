/**
 * URLs as they may appear in messages and logs: no user name, password or token. Both positions are dropped,
 * because a token is often given as the user name (`https://<token>@host/…`).
 */

/** The URL without credentials; null when it does not parse. */
export function urlWithoutCredentials(url: string): string | null {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    // Not a URL: the caller redacts it another way.
    return null;
  }
}

/** The URL for a message or log line; an unparseable one is not echoed (it may be a secret). */
export function redactUrl(url: string): string {
  return urlWithoutCredentials(url) ?? '<invalid URL>';
}
