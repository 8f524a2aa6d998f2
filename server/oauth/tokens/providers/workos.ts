import type { TokenShape } from './token-shape';

const jwks = '/oauth2/jwks';

/** WorkOS AuthKit with your server registered as a Resource Indicator: sid, org_id, role, permissions, no email. */
export const workosShape: TokenShape = {
  id: 'workos',
  label: 'WorkOS AuthKit',
  docs: 'https://workos.com/docs/authkit/mcp',
  issuer: (base) => base,
  paths: () => ({ openIdConfiguration: null, authorizationServerMetadata: [], jwks }),
  headerTyp: () => 'JWT',
  claims: ({ subject, base, audience, issuedAt, expiresAt, jti, scopes }) => ({
    iss: base,
    sub: subject.user.id,
    aud: audience,
    sid: `session_${jti.slice(0, 20)}`,
    jti,
    org_id: 'org_handshake',
    role: 'member',
    permissions: scopes,
    exp: expiresAt,
    iat: issuedAt,
  }),
  verifier: (base, resource) => ({
    issuer: base,
    audience: resource,
    jwksUri: `${base}${jwks}`,
    algorithms: ['RS256'],
    typ: null,
    requiredClaims: {},
    scopeClaim: 'permissions',
    scopeFormat: 'array',
  }),
  notes: [
    'aud is your server URL only once it is registered as a Resource Indicator in AuthKit.',
    'Tokens omit email (add it with a JWT template); they carry sid, org_id, role and permissions.',
    'Keys are at https://<authkit domain>/oauth2/jwks.',
  ],
};
