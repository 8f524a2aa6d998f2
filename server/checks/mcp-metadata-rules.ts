import { type CheckSource, sources } from './check-sources';

export interface Refusal {
  reason: string;
  source: CheckSource;
}

/**
 * Where ChatGPT stops on an authorization server's RFC 8414 metadata (mcp-oauth.md b.1 items 2 and 6): the issuer
 * must be the exact string the protected resource named, `S256` must be advertised, and `code` supported.
 */
export function authorizationServerRefusal(server: Record<string, any>, expectedIssuer: string): Refusal | null {
  if (server.issuer !== expectedIssuer) {
    return {
      reason: `The metadata's issuer is ${JSON.stringify(server.issuer)} but the protected resource names ${JSON.stringify(expectedIssuer)}. ChatGPT compares them byte for byte (no trailing-slash, case or port normalisation) and stops.`,
      source: sources.rfc8414,
    };
  }
  const methods = server.code_challenge_methods_supported;
  if (!Array.isArray(methods) || !methods.includes('S256')) {
    return {
      reason: `code_challenge_methods_supported ${Array.isArray(methods) ? `is ${JSON.stringify(methods)}` : 'is missing'}: ChatGPT refuses to proceed unless S256 is advertised.`,
      source: sources.openAiMcpAuth,
    };
  }
  if (Array.isArray(server.response_types_supported) && !server.response_types_supported.includes('code')) {
    return { reason: `response_types_supported ${JSON.stringify(server.response_types_supported)} lacks "code".`, source: sources.rfc8414 };
  }
  for (const field of ['authorization_endpoint', 'token_endpoint']) {
    if (typeof server[field] !== 'string' || !URL.canParse(server[field]))
      return { reason: `${field} is missing or not a URL.`, source: sources.rfc8414 };
  }
  return null;
}

/** Where the RFC 8414 metadata of `issuer` lives: the well-known suffix goes between host and path (RFC 8414 §3.1). */
export function authorizationServerMetadataUrl(issuer: string): string {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  return `${url.origin}/.well-known/oauth-authorization-server${path}`;
}

/** The client's token endpoint authentication: ChatGPT picks from the intersection of both lists, the server's defaulting to client_secret_basic (RFC 8414 §2). */
export function chooseTokenAuthMethod(advertised: unknown): string | null {
  const offered = Array.isArray(advertised) ? advertised : ['client_secret_basic'];
  return ['none', 'client_secret_post', 'client_secret_basic'].find((method) => offered.includes(method)) ?? null;
}
