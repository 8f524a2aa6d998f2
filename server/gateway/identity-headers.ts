import type { IncomingHttpHeaders } from 'node:http';

/** Who is calling, as the gateway tells the developer's API. Set by the bearer middleware in res.locals.auth. */
export interface GatewayAuth {
  user: { id: string; email: string; name: string };
  grant: { id: string; scope: string };
}

export const identityHeaderPrefix = 'x-handshake-';

export const identityHeaders = {
  userId: 'x-handshake-user-id',
  userEmail: 'x-handshake-user-email',
  userName: 'x-handshake-user-name',
  scope: 'x-handshake-scope',
} as const;

/** Marks a header whose value was percent-encoded (UTF-8) because it held characters HTTP headers cannot carry. */
export const encodedSuffix = '-encoding';

/**
 * Rewrites the headers that go upstream: anything the client sent as X-Handshake-* is removed (no spoofing), then
 * the verified identity is added. The client's Authorization goes on unchanged when `forwardAuthorization` (Settings):
 * the token's audience is the developer's server itself, which verifies it as it will in production — not the
 * "token passthrough" to another API the MCP spec forbids. Otherwise it is removed.
 */
export function applyIdentityHeaders(headers: IncomingHttpHeaders, auth: GatewayAuth, forwardAuthorization: boolean): void {
  if (!forwardAuthorization) delete headers.authorization;
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase().startsWith(identityHeaderPrefix)) delete headers[name];
  }
  setHeader(headers, identityHeaders.userId, auth.user.id);
  setHeader(headers, identityHeaders.userEmail, auth.user.email);
  setHeader(headers, identityHeaders.userName, auth.user.name);
  setHeader(headers, identityHeaders.scope, auth.grant.scope);
}

function setHeader(headers: IncomingHttpHeaders, name: string, value: string): void {
  if (/^[\x20-\x7e]*$/.test(value)) {
    headers[name] = value;
    return;
  }
  // Node refuses control characters and would send Latin-1 bytes for the rest: send UTF-8, percent-encoded, and say so.
  headers[name] = encodeURIComponent(value);
  headers[`${name}${encodedSuffix}`] = 'percent';
}
