import type { TokenShape } from './token-shape';

const project = 'project-test-handshake';
const jwks = '/.well-known/jwks.json';

/** Stytch Connected Apps: iss stytch.com/<project id> (not a URL), aud the project id. */
export const stytchShape: TokenShape = {
  id: 'stytch',
  label: 'Stytch',
  docs: 'https://stytch.com/docs/api-reference/b2b/api/connected-apps/tokens/connected-app-access-token-object',
  issuer: () => `stytch.com/${project}`,
  paths: () => ({ openIdConfiguration: null, authorizationServerMetadata: [], jwks }),
  headerTyp: () => 'JWT',
  claims: ({ subject, issuedAt, expiresAt, jti }) => ({
    iss: `stytch.com/${project}`,
    sub: subject.user.id,
    aud: [project],
    client_id: subject.clientId,
    scope: subject.scope,
    jti,
    iat: issuedAt,
    nbf: issuedAt,
    exp: expiresAt,
  }),
  verifier: (base) => ({
    issuer: `stytch.com/${project}`,
    audience: project,
    jwksUri: `${base}${jwks}`,
    algorithms: ['RS256'],
    typ: null,
    requiredClaims: {},
    scopeClaim: 'scope',
    scopeFormat: 'space-separated string',
  }),
  notes: [
    'iss is stytch.com/<project id> (or your custom domain), not the URL you fetch keys from.',
    'aud is a list holding the project id, not your server URL.',
  ],
};
