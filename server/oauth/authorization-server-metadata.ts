import type { Settings } from '../settings/settings';
import { tokenEndpointAuthMethods } from './clients/client-metadata';

export const authorizationServerMetadataPath = '/.well-known/oauth-authorization-server';

/** The scopes Settings' default scope names: what the server advertises (never offline_access: refresh tokens come anyway). */
export function advertisedScopes(settings: Settings): string[] {
  return settings.scope.split(' ').filter((scope) => scope && scope !== 'offline_access');
}

/**
 * RFC 8414 metadata. `issuer` is the public base URL exactly (no trailing slash), the same string as every `iss`
 * and the protected-resource metadata's authorization server: MCP clients compare them byte for byte.
 */
export function authorizationServerMetadata(issuer: string, settings: Settings): Record<string, unknown> {
  const scopes = advertisedScopes(settings);
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
    token_endpoint_auth_methods_supported: [...tokenEndpointAuthMethods],
    revocation_endpoint_auth_methods_supported: [...tokenEndpointAuthMethods],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    ...(scopes.length ? { scopes_supported: scopes } : {}),
    authorization_response_iss_parameter_supported: true,
    client_id_metadata_document_supported: true,
    service_documentation: 'https://github.com/handshake-dev/handshake/blob/main/docs/mcp.md',
  };
}
