/**
 * The window's Content-Security-Policy, sent as a response header by the app:// protocol handler (a header, not a
 * meta tag, so it also covers what runs before the document is parsed). The renderer talks to the core over IPC
 * only, so it needs no network: scripts, styles and fonts come from the app bundle; images may also be the
 * plugin logo the developer configured (any https URL) or data: URIs.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "worker-src 'none'",
].join('; ');
