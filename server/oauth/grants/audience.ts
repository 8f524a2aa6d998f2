import { InvalidTarget } from '../oauth-error';
import { resolveResources } from '../resource-indicator';

/**
 * RFC 8707 §2.2 at the token endpoint: the audience of the tokens. A `resource` sent must be one the code or grant
 * was authorized for (or, when it named none, one served here); without it the tokens keep the authorized audience.
 */
export function tokenAudience(requested: string | undefined, authorized: string[], issuer: string): string[] {
  if (requested === undefined) return authorized;
  const resolved = resolveResources(requested.split(' ').filter(Boolean), issuer);
  if ('refused' in resolved) {
    throw new InvalidTarget(`resource ${resolved.refused} is not served here`, {
      code: 'resource_unknown',
      message: `The token request names resource "${resolved.refused}": ${resolved.why}.`,
    });
  }
  const outside = authorized.length ? resolved.resources.filter((resource) => !authorized.includes(resource)) : [];
  if (outside.length) {
    throw new InvalidTarget(`resource ${outside[0]} was not authorized`, {
      code: 'resource_not_authorized',
      message: `The token request names resource "${outside[0]}", but the authorization was for ${authorized.join(', ')}. Send the same resource at the authorize and the token endpoint.`,
    });
  }
  return resolved.resources;
}
