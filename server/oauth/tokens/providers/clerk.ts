import type { TokenShape } from './token-shape';

const jwks = '/.well-known/jwks.json';

/** Clerk OAuth access tokens as JWTs ("Generate access tokens as JWTs"): no aud, client_id and scope. */
export const clerkShape: TokenShape = {
  id: 'clerk',
  label: 'Clerk',
  docs: 'https://clerk.com/docs/oauth/verify-oauth-tokens',
  issuer: (base) => base,
  paths: () => ({ openIdConfiguration: null, authorizationServerMetadata: [], jwks }),
  headerTyp: () => 'JWT',
  claims: ({ subject, base, issuedAt, expiresAt, jti }) => ({
    iss: base,
    sub: subject.user.id,
    client_id: subject.clientId,
    scope: subject.scope,
    jti,
    iat: issuedAt,
    nbf: issuedAt,
    exp: expiresAt,
  }),
  verifier: (base, _resource, clientId) => ({
    issuer: base,
    audience: null,
    jwksUri: `${base}${jwks}`,
    algorithms: ['RS256'],
    typ: null,
    requiredClaims: { client_id: clientId },
    scopeClaim: 'scope',
    scopeFormat: 'space-separated string',
  }),
  notes: [
    'Clerk issues opaque OAuth tokens by default; with "Generate access tokens as JWTs" they are JWTs like these.',
    'They carry no aud: a verifier that requires one refuses them. Check client_id (and the issuer, your Frontend API URL).',
  ],
};
