const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** An http(s) URL whose host is a loopback literal (127.0.0.1, [::1]) or localhost. */
export function isLoopbackUrl(uri: string): boolean {
  const url = URL.parse(uri);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && loopbackHosts.has(url.hostname);
}

/** What MCP and OAuth 2.1 allow a redirect URI to be: https, or http on a loopback host; never with a fragment. */
export function redirectUriProblem(uri: string): string | null {
  const url = URL.parse(uri);
  if (!url) return 'it is not an absolute URL';
  if (url.hash) return 'it has a #fragment (RFC 6749 §3.1.2)';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:')
    return isLoopbackUrl(uri) ? null : 'http is allowed only for loopback (127.0.0.1, [::1], localhost); use https';
  return `the scheme ${url.protocol} is not https`;
}

/**
 * Exact string match, except that a loopback redirect URI may use any port (OAuth 2.1 §8.4.2: native apps pick a
 * free port at run time). Scheme, host literal, path and query must still be equal: localhost is not 127.0.0.1.
 */
export function redirectUriMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  if (!isLoopbackUrl(registered) || !isLoopbackUrl(requested)) return false;
  const a = new URL(registered);
  const b = new URL(requested);
  return (
    a.protocol === b.protocol &&
    a.hostname === b.hostname &&
    a.pathname === b.pathname &&
    a.search === b.search &&
    !a.username &&
    !b.username
  );
}
