import type { Settings } from '../settings/settings';
import { clientAssertionAlgorithms } from './clients/client-assertion';
import { tokenEndpointAuthMethods } from './clients/client-metadata';

export const authorizationServerMetadataPath = '/.well-known/oauth-authorization-server';

/** The scopes Settings' default scope names: what the protected resource advertises (offline_access is the authorization server's). */
export function advertisedScopes(settings: Settings): string[] {
  return settings.scope.split(' ').filter((scope) => scope && scope !== 'offline_access');
}

/**
 * RFC 8414 metadata. `issuer` is the public base URL exactly (no trailing slash), the same string as every `iss`
 * and the protected-resource metadata's authorization server: MCP clients compare them byte for byte.
 */
export function authorizationServerMetadata(issuer: string, settings: Settings): Record<string, unknown> {
  // offline_access on the authorization server only: Claude, Codex and the SDK append it from here and then expect a refresh token.
  const scopes = [...advertisedScopes(settings), 'offline_access'];
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    registration_endpoint: `${issuer}/oauth/register`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: [...tokenEndpointAuthMethods, 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...clientAssertionAlgorithms],
    revocation_endpoint_auth_methods_supported: [...tokenEndpointAuthMethods],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: scopes,
    authorization_response_iss_parameter_supported: true,
    client_id_metadata_document_supported: true,
    service_documentation: 'https://github.com/handshake-dev/handshake/blob/main/docs/mcp.md',
  };
}
