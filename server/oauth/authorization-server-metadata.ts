import type { Settings } from '../settings/settings';
import { clientAssertionAlgorithms } from './clients/client-assertion';
import { tokenEndpointAuthMethods } from './clients/client-metadata';

export const authorizationServerMetadataPath = '/.well-known/oauth-authorization-server';
export const openIdConfigurationPath = '/.well-known/openid-configuration';
export const jwksPath = '/oauth/jwks.json';
export const userInfoPath = '/oauth/userinfo';

/** OpenID Connect scopes Handshake always serves: ChatGPT requests them by default when advertised. */
export const openIdScopes = ['openid', 'email', 'profile'] as const;

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
  const scopes = [...new Set([...advertisedScopes(settings), ...openIdScopes, 'offline_access'])];
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    registration_endpoint: `${issuer}/oauth/register`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    jwks_uri: `${issuer}${jwksPath}`,
    userinfo_endpoint: `${issuer}${userInfoPath}`,
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

/**
 * OpenID Connect Discovery 1.0: the RFC 8414 document (same issuer, same endpoints) plus what OIDC relying parties
 * require of a provider.
 */
export function openIdConfiguration(issuer: string, settings: Settings, signingAlgorithm: string): Record<string, unknown> {
  return {
    ...authorizationServerMetadata(issuer, settings),
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [...new Set([signingAlgorithm, 'RS256'])],
    userinfo_signing_alg_values_supported: ['none'],
    claims_supported: ['iss', 'sub', 'aud', 'azp', 'exp', 'iat', 'auth_time', 'nonce', 'email', 'email_verified', 'name'],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    prompt_values_supported: ['none', 'login', 'consent'],
  };
}
