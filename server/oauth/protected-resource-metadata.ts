import type { Settings } from '../settings/settings';
import { advertisedScopes } from './authorization-server-metadata';
import { mcpPath } from './resource-indicator';

export const protectedResourceMetadataPaths = ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource'];

/** Where MCP clients find it first (path-aware, RFC 9728 §3.1), named in every 401 challenge of /mcp. */
export function protectedResourceMetadataUrl(issuer: string): string {
  return `${issuer}${protectedResourceMetadataPaths[0]}`;
}

/**
 * RFC 9728 metadata of the MCP server Handshake fronts. `resource` is exactly what clients must send back as
 * `resource`; `authorization_servers` holds the issuer, the same string as the authorization server metadata's.
 */
export function protectedResourceMetadata(issuer: string, settings: Settings): Record<string, unknown> {
  const scopes = advertisedScopes(settings);
  return {
    resource: `${issuer}${mcpPath}`,
    authorization_servers: [issuer],
    ...(scopes.length ? { scopes_supported: scopes } : {}),
    bearer_methods_supported: ['header'],
    resource_name: settings.manifest.name_for_human,
  };
}
