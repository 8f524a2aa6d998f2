import type { JWTPayload } from 'jose';
import { randomId } from '../../crypto/random-token';
import type { Settings } from '../../settings/settings';
import type { KeyStore } from '../keys/key-store';
import { tokenShapes } from './providers';
import { handshakeShape } from './providers/handshake';
import type { TokenShape } from './providers/token-shape';
import { accessTokenAudience, type TokenSubject } from './token-subject';

/**
 * JWT access token claims: RFC 9068 by default (`iss` the metadata issuer, `aud` the bound resource, `sub` the user's
 * stable id, `client_id`, `scope`, `iat`/`exp`/`jti`; `email` and `name` only when the scopes allow them), or the
 * shape of the identity provider Settings' "Mint tokens like" names.
 */
export function jwtAccessTokenClaims(
  subject: TokenSubject,
  issuedAt: number,
  expiresAt: number,
  shape: TokenShape = handshakeShape,
): JWTPayload {
  return shape.claims({
    subject,
    base: subject.issuer,
    audience: accessTokenAudience(subject),
    issuedAt,
    expiresAt,
    jti: randomId(16),
    scopes: subject.scope.split(' ').filter(Boolean),
  });
}

export function signJwtAccessToken(keys: KeyStore, settings: Settings, subject: TokenSubject, issuedAt: number, expiresAt: number) {
  const shape = tokenShapes[settings.tokenShape];
  const typ = shape.headerTyp(settings);
  return keys.sign(jwtAccessTokenClaims(subject, issuedAt, expiresAt, shape), typ ? { typ } : {});
}
