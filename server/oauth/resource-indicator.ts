/** The MCP endpoint is the resource Handshake's tokens are for; its identifier is the public base URL plus this path. */
export const mcpPath = '/mcp';

/** The resources (RFC 8707) a token can be issued for on this public origin: the MCP server, and the plugin's REST API (the origin itself). */
export function protectedResources(issuer: string): string[] {
  return [`${issuer}${mcpPath}`, issuer];
}

/**
 * A resource indicator in canonical form (MCP "Canonical Server URI"): lower-case scheme and host (URL does that),
 * no trailing slash; null when it is not an absolute URL or has a fragment (RFC 8707 §2).
 */
export function canonicalResource(value: string): string | null {
  const url = URL.parse(value);
  if (!url || url.hash || !/^https?:$/.test(url.protocol)) return null;
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}${url.search}`;
}

/** Each requested resource, canonical and known, or the first one that is not (with why). */
export function resolveResources(requested: string[], issuer: string): { resources: string[] } | { refused: string; why: string } {
  const known = protectedResources(issuer);
  const resources: string[] = [];
  for (const value of requested) {
    const canonical = canonicalResource(value);
    if (!canonical) return { refused: value, why: 'it is not an absolute http(s) URL without a #fragment' };
    if (!known.includes(canonical)) return { refused: value, why: `Handshake protects ${known.join(' and ')} on this origin` };
    if (!resources.includes(canonical)) resources.push(canonical);
  }
  return { resources };
}
