import { advertisedScopes } from '../oauth/authorization-server-metadata';
import type { ProtectedResource } from '../oauth/bearer-authentication';
import { protectedResourceMetadataUrl } from '../oauth/protected-resource-metadata';
import { mcpPath } from '../oauth/resource-indicator';
import type { Settings } from '../settings/settings';

/** /mcp as a protected resource: its identifier, the metadata every 401 points to, and the scope to ask for. */
export function mcpResource(issuer: string, settings: Settings): ProtectedResource {
  return {
    identifier: `${issuer}${mcpPath}`,
    metadataUrl: protectedResourceMetadataUrl(issuer),
    scope: advertisedScopes(settings).join(' '),
  };
}
