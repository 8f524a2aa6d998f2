import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { tokenPrefixes } from '../crypto/random-token';
import type { Store } from '../store/store';
import { addNote, annotate } from '../traffic/annotations';
import { revocationExplanation } from './revocation-explanation';

/** What an API handler (demo API or gateway) knows about the caller after bearer authentication. */
export interface BearerAuth {
  user: { id: string; email: string; name: string; emailVerified: boolean };
  grant: { id: string; scope: string; clientId: string; flowId: string };
}

export function bearerAuth(res: Response): BearerAuth {
  return (res.locals as { auth: BearerAuth }).auth;
}

/** The resource a bearer check protects: what its tokens' audience must name, and what its challenges point to. */
export interface ProtectedResource {
  /** The RFC 8707 resource identifier, e.g. https://<domain>/mcp. */
  identifier: string;
  /** RFC 9728 metadata URL, sent as resource_metadata in every challenge (MCP clients start discovery from it). */
  metadataUrl?: string;
  /** Scopes to request, sent as scope in the challenge when there are any (MCP 2025-11-25 scope selection). */
  scope?: string;
  /** Accepts a token of any audience Handshake issued (OIDC UserInfo serves every access token of this issuer). */
  anyAudience?: boolean;
}

/** The WWW-Authenticate value: the realm, the resource's parameters, then the error ones. */
function challengeHeader(resource: ProtectedResource, error?: { code: string; description: string }): string {
  const parts = ['Bearer realm="Handshake"'];
  if (resource.metadataUrl) parts.push(`resource_metadata="${resource.metadataUrl}"`);
  if (resource.scope) parts.push(`scope="${resource.scope}"`);
  if (error) parts.push(`error="${error.code}"`, `error_description="${error.description}"`);
  return parts.join(', ');
}

/** RFC 6750 §3.1: a request that sent no bearer credentials is told which scheme to use, without an error code. */
function challenge(res: Response, resource: ProtectedResource, code: string, message: string, level: 'info' | 'error' = 'error'): void {
  addNote(res, level, code, message);
  res.setHeader('WWW-Authenticate', challengeHeader(resource));
  res.status(401).json({ message: 'This API needs an access token: send "Authorization: Bearer <access_token>".' });
}

/** A Bearer header that carries no usable token: 400 invalid_request (RFC 6750 §3.1). */
function malformed(res: Response, resource: ProtectedResource, code: string, description: string, message: string): void {
  addNote(res, 'error', code, message);
  res.setHeader('WWW-Authenticate', challengeHeader(resource, { code: 'invalid_request', description }));
  res.status(400).json({ error: 'invalid_request', error_description: description });
}

function refuse(res: Response, resource: ProtectedResource, code: string, description: string, message: string): void {
  addNote(res, 'error', code, message);
  res.setHeader('WWW-Authenticate', challengeHeader(resource, { code: 'invalid_token', description }));
  res.status(401).json({ error: 'invalid_token', error_description: description });
}

function audienceMessage(audience: string[], resource: string): string {
  return `This access token was issued for ${audience.join(', ')}, not for ${resource}: the client sent another resource when it was authorized. MCP clients send the protected-resource metadata's "resource" exactly; a server must refuse tokens meant for another (RFC 8707, MCP "Token Handling").`;
}

function missingMessage(req: Request): string {
  const inQuery = typeof req.query?.access_token === 'string';
  const queryHint = inQuery ? ' The access_token in the query string is ignored: tokens in URLs end up in logs and browser history.' : '';
  return `The API request has no Authorization header. ChatGPT sends "Authorization: Bearer <access_token>" once the user has signed in.${queryHint}`;
}

function connectStartMessage(metadataUrl: string): string {
  return `No token yet: the first request of a connect. The 401 points the client to ${metadataUrl}, where it starts discovery, registration and sign-in.`;
}

function notBearerMessage(scheme: string): string {
  return `The Authorization header is not "Bearer <token>" (it starts with "${scheme.slice(0, 20)}").`;
}

const notOneTokenMessage = 'The Authorization header says "Bearer" but is not followed by exactly one token.';

function unknownTokenMessage(token: string): string {
  const hint = token.startsWith(tokenPrefixes.refresh)
    ? 'It is a refresh token: the API takes the access_token from the token response.'
    : 'It may have been replaced by a refresh, or issued by a different data folder.';
  return `Handshake does not know this access token. ${hint}`;
}

function expiredMessage(expiresAt: string): string {
  return `This access token expired at ${expiresAt}. ChatGPT should now use its refresh token at the token URL; if it never does, users see "User is missing credentials".`;
}

/**
 * RFC 6750 bearer check for a protected resource (the plugin's API, or the MCP server); every refusal names its cause
 * in the traffic log. A token with an audience must name this resource; one without (a classic plugin's) is accepted.
 */
export function createBearerAuthentication(
  store: Store,
  resourceOf: (req: Request) => ProtectedResource,
  kind: 'api' | 'mcp' | 'userinfo' = 'api',
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    annotate(res, { kind });
    const resource = resourceOf(req);
    const header = req.headers.authorization;
    if (!header) {
      // For an MCP server this is how every connect starts: the challenge sends the client to discovery and sign-in.
      if (resource.metadataUrl && typeof req.query?.access_token !== 'string') {
        return challenge(res, resource, 'bearer_missing', connectStartMessage(resource.metadataUrl), 'info');
      }
      return challenge(res, resource, 'bearer_missing', missingMessage(req));
    }
    const scheme = /^\S*/.exec(header)?.[0] ?? '';
    if (scheme.toLowerCase() !== 'bearer') {
      return challenge(res, resource, 'bearer_malformed', notBearerMessage(scheme));
    }
    const match = /^Bearer[ ]+([\x21-\x7e]+)\s*$/i.exec(header);
    if (!match) {
      return malformed(res, resource, 'bearer_malformed', 'malformed Bearer credentials', notOneTokenMessage);
    }
    const token = match[1];
    const found = store.grants.byAccessToken(token);
    if (!found) return refuse(res, resource, 'access_token_unknown', 'unknown access token', unknownTokenMessage(token));
    const { grant, expiresAt } = found;
    const user = store.users.byId(grant.userId);
    annotate(res, { clientId: grant.clientId, flowId: grant.flowId, userId: grant.userId, userEmail: user?.email ?? null });
    if (grant.revokedAt) {
      const code = grant.revokedReason === 'user_deleted' ? 'user_removed' : 'access_token_revoked';
      return refuse(
        res,
        resource,
        code,
        'access token revoked',
        `This access token was revoked at ${grant.revokedAt}: ${revocationExplanation(grant.revokedReason)}`,
      );
    }
    if (Date.parse(expiresAt) <= Date.now())
      return refuse(res, resource, 'access_token_expired', 'access token expired', expiredMessage(expiresAt));
    if (!user) {
      return refuse(res, resource, 'user_removed', 'user removed', 'The user this token was issued to has been removed.');
    }
    if (!resource.anyAudience && grant.resources.length > 0 && !grant.resources.includes(resource.identifier)) {
      return refuse(
        res,
        resource,
        'audience_mismatch',
        'the access token is for another resource',
        audienceMessage(grant.resources, resource.identifier),
      );
    }
    (res.locals as { auth: BearerAuth }).auth = {
      user: { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified },
      grant: { id: grant.id, scope: grant.scope, clientId: grant.clientId, flowId: grant.flowId },
    };
    next();
  };
}
