import type { JWTPayload } from 'jose';
import { randomId } from '../../crypto/random-token';
import type { Settings } from '../../settings/settings';
import type { KeyStore } from '../keys/key-store';
import { accessTokenAudience, hasScope, type TokenSubject } from './token-subject';

/**
 * RFC 9068 JWT access token claims: `iss` the metadata issuer, `aud` the bound resource, `sub` the user's stable id,
 * `client_id`, `scope`, `iat`/`exp`/`jti`; `email` and `name` only when the scopes allow them.
 */
export function jwtAccessTokenClaims(subject: TokenSubject, issuedAt: number, expiresAt: number): JWTPayload {
  const claims: JWTPayload = {
    iss: subject.issuer,
    aud: accessTokenAudience(subject),
    sub: subject.user.id,
    client_id: subject.clientId,
    iat: issuedAt,
    exp: expiresAt,
    jti: randomId(16),
  };
  if (subject.scope) claims.scope = subject.scope;
  if (hasScope(subject.scope, 'email')) {
    claims.email = subject.user.email;
    claims.email_verified = subject.user.emailVerified;
  }
  if (hasScope(subject.scope, 'profile') && subject.user.name) claims.name = subject.user.name;
  return claims;
}

export function signJwtAccessToken(keys: KeyStore, settings: Settings, subject: TokenSubject, issuedAt: number, expiresAt: number) {
  return keys.sign(jwtAccessTokenClaims(subject, issuedAt, expiresAt), { typ: settings.accessTokenTyp });
}
