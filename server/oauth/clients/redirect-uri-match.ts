const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** An http(s) URL whose host is a loopback literal (127.0.0.1, [::1]) or localhost. */
export function isLoopbackUrl(uri: string): boolean {
  const url = URL.parse(uri);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && loopbackHosts.has(url.hostname);
}

/** Schemes that run or embed content where a browser lands: never a redirect target, whatever the client registers. */
const forbiddenSchemes = new Set([
  'javascript:',
  'data:',
  'vbscript:',
  'file:',
  'blob:',
  'about:',
  'filesystem:',
  'view-source:',
  'ws:',
  'wss:',
  'ftp:',
]);

/**
 * What MCP and OAuth 2.1 allow a redirect URI to be: https; http on a loopback host; or a native app's private-use
 * scheme (RFC 8252 §7.1, e.g. cursor://anysphere.cursor-mcp/oauth/callback). Never with a fragment.
 */
export function redirectUriProblem(uri: string): string | null {
  const url = URL.parse(uri);
  if (!url) return 'it is not an absolute URL';
  if (url.hash) return 'it has a #fragment (RFC 6749 §3.1.2)';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:')
    return isLoopbackUrl(uri) ? null : 'http is allowed only for loopback (127.0.0.1, [::1], localhost); use https';
  if (forbiddenSchemes.has(url.protocol)) return `the scheme ${url.protocol} can never be a redirect target`;
  if (!/^[a-z][a-z0-9+.-]*:$/.test(url.protocol) || uri.length <= url.protocol.length)
    return `the scheme ${url.protocol} is neither https, loopback http nor a private-use scheme (RFC 8252 §7.1)`;
  return null;
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
