import type { TokenShape } from './token-shape';

const pool = '/us-east-1_Handshake';

/** An Amazon Cognito user pool: no aud at all, client_id and token_use instead, OIDC discovery only. */
export const cognitoShape: TokenShape = {
  id: 'cognito',
  label: 'Amazon Cognito',
  docs: 'https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html',
  issuer: (base) => `${base}${pool}`,
  paths: () => ({
    openIdConfiguration: `${pool}/.well-known/openid-configuration`,
    authorizationServerMetadata: [],
    jwks: `${pool}/.well-known/jwks.json`,
  }),
  headerTyp: () => undefined,
  claims: ({ subject, base, issuedAt, expiresAt, jti }) => ({
    sub: subject.user.id,
    iss: `${base}${pool}`,
    client_id: subject.clientId,
    origin_jti: crypto.randomUUID(),
    event_id: crypto.randomUUID(),
    token_use: 'access',
    scope: subject.scope,
    auth_time: issuedAt,
    exp: expiresAt,
    iat: issuedAt,
    jti,
    username: subject.user.email,
  }),
  verifier: (base, _resource, clientId) => ({
    issuer: `${base}${pool}`,
    audience: null,
    jwksUri: `${base}${pool}/.well-known/jwks.json`,
    algorithms: ['RS256'],
    typ: null,
    requiredClaims: { token_use: 'access', client_id: clientId },
    scopeClaim: 'scope',
    scopeFormat: 'space-separated string',
  }),
  notes: [
    'Access tokens carry no aud: check client_id (your app client) and token_use: "access" instead (aws-jwt-verify does).',
    'The issuer is https://cognito-idp.<region>.amazonaws.com/<pool id>; Cognito serves OpenID discovery only, no RFC 8414.',
  ],
};
