import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { tokenPrefixes } from '../crypto/random-token';
import type { Store } from '../store/store';
import { addNote, annotate } from '../traffic/annotations';
import { revocationExplanation } from './revocation-explanation';

/** What an API handler (demo API or gateway) knows about the caller after bearer authentication. */
export interface BearerAuth {
  user: { id: string; email: string; name: string };
  grant: { id: string; scope: string; clientId: string; flowId: string };
}

export function bearerAuth(res: Response): BearerAuth {
  return (res.locals as { auth: BearerAuth }).auth;
}

const realm = 'Bearer realm="Handshake"';

/** RFC 6750 §3.1: a request that sent no bearer credentials is told which scheme to use, without an error code. */
function challenge(res: Response, code: string, message: string): void {
  addNote(res, 'error', code, message);
  res.setHeader('WWW-Authenticate', realm);
  res.status(401).json({ message: 'This API needs an access token: send "Authorization: Bearer <access_token>".' });
}

/** A Bearer header that carries no usable token: 400 invalid_request (RFC 6750 §3.1). */
function malformed(res: Response, code: string, description: string, message: string): void {
  addNote(res, 'error', code, message);
  res.setHeader('WWW-Authenticate', `${realm}, error="invalid_request", error_description="${description}"`);
  res.status(400).json({ error: 'invalid_request', error_description: description });
}

function refuse(res: Response, code: string, description: string, message: string): void {
  addNote(res, 'error', code, message);
  res.setHeader('WWW-Authenticate', `${realm}, error="invalid_token", error_description="${description}"`);
  res.status(401).json({ error: 'invalid_token', error_description: description });
}

function missingMessage(req: Request): string {
  const inQuery = typeof req.query?.access_token === 'string';
  const queryHint = inQuery ? ' The access_token in the query string is ignored: tokens in URLs end up in logs and browser history.' : '';
  return `The API request has no Authorization header. ChatGPT sends "Authorization: Bearer <access_token>" once the user has signed in.${queryHint}`;
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

/** RFC 6750 bearer check for the plugin's API; every refusal names its cause in the traffic log. */
export function createBearerAuthentication(store: Store): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    annotate(res, { kind: 'api' });
    const header = req.headers.authorization;
    if (!header) return challenge(res, 'bearer_missing', missingMessage(req));
    const scheme = /^\S*/.exec(header)?.[0] ?? '';
    if (scheme.toLowerCase() !== 'bearer') {
      return challenge(res, 'bearer_malformed', notBearerMessage(scheme));
    }
    const match = /^Bearer[ ]+([\x21-\x7e]+)\s*$/i.exec(header);
    if (!match) {
      return malformed(res, 'bearer_malformed', 'malformed Bearer credentials', notOneTokenMessage);
    }
    const token = match[1];
    const found = store.grants.byAccessToken(token);
    if (!found) return refuse(res, 'access_token_unknown', 'unknown access token', unknownTokenMessage(token));
    const { grant, expiresAt } = found;
    const user = store.users.byId(grant.userId);
    annotate(res, { clientId: grant.clientId, flowId: grant.flowId, userId: grant.userId, userEmail: user?.email ?? null });
    if (grant.revokedAt) {
      const code = grant.revokedReason === 'user_deleted' ? 'user_removed' : 'access_token_revoked';
      return refuse(res, code, 'access token revoked', `This access token was revoked at ${grant.revokedAt}: ${revocationExplanation(grant.revokedReason)}`);
    }
    if (Date.parse(expiresAt) <= Date.now()) return refuse(res, 'access_token_expired', 'access token expired', expiredMessage(expiresAt));
    if (!user) {
      return refuse(res, 'user_removed', 'user removed', 'The user this token was issued to has been removed.');
    }
    (res.locals as { auth: BearerAuth }).auth = {
      user: { id: user.id, email: user.email, name: user.name },
      grant: { id: grant.id, scope: grant.scope, clientId: grant.clientId, flowId: grant.flowId },
    };
    next();
  };
}
