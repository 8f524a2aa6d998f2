import { jwksPath } from '../../authorization-server-metadata';
import { hasScope } from '../token-subject';
import type { TokenShape } from './token-shape';

/** Handshake's own: an RFC 9068 JWT access token, the default. */
export const handshakeShape: TokenShape = {
  id: 'handshake',
  label: 'Handshake (RFC 9068)',
  docs: 'https://www.rfc-editor.org/rfc/rfc9068#section-2.2',
  issuer: (base) => base,
  paths: () => ({ openIdConfiguration: null, authorizationServerMetadata: [], jwks: jwksPath }),
  headerTyp: (settings) => settings.accessTokenTyp,
  claims: ({ subject, audience, issuedAt, expiresAt, jti }) => ({
    iss: subject.issuer,
    aud: audience,
    sub: subject.user.id,
    client_id: subject.clientId,
    iat: issuedAt,
    exp: expiresAt,
    jti,
    ...(subject.scope ? { scope: subject.scope } : {}),
    ...(hasScope(subject.scope, 'email') ? { email: subject.user.email, email_verified: subject.user.emailVerified } : {}),
    ...(hasScope(subject.scope, 'profile') && subject.user.name ? { name: subject.user.name } : {}),
  }),
  verifier: (base, resource) => ({
    issuer: base,
    audience: resource,
    jwksUri: `${base}${jwksPath}`,
    algorithms: ['RS256', 'ES256'],
    typ: 'at+jwt',
    requiredClaims: {},
    scopeClaim: 'scope',
    scopeFormat: 'space-separated string',
  }),
  notes: ['iss is the public URL exactly, aud the MCP server URL, scope a space-separated string, client_id and jti present.'],
};
