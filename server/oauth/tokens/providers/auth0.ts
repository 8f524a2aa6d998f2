import { hasScope } from '../token-subject';
import type { TokenShape } from './token-shape';

const jwks = '/.well-known/jwks.json';

/** Auth0 with an API (its default "Auth0" token profile, RBAC on): trailing-slash issuer, azp, permissions, typ JWT. */
export const auth0Shape: TokenShape = {
  id: 'auth0',
  label: 'Auth0',
  docs: 'https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles',
  issuer: (base) => `${base}/`,
  paths: () => ({ openIdConfiguration: null, authorizationServerMetadata: [], jwks }),
  headerTyp: () => 'JWT',
  claims: ({ subject, base, audience, issuedAt, expiresAt, scopes }) => {
    const audiences = Array.isArray(audience) ? audience : [audience];
    return {
      iss: `${base}/`,
      sub: subject.user.id,
      // With openid, Auth0 adds its userinfo endpoint and aud becomes a list.
      aud: hasScope(subject.scope, 'openid') ? [...audiences, `${base}/userinfo`] : audiences.length === 1 ? audiences[0] : audiences,
      iat: issuedAt,
      exp: expiresAt,
      azp: subject.clientId,
      ...(subject.scope ? { scope: subject.scope } : {}),
      permissions: scopes.filter((scope) => !['openid', 'email', 'profile', 'offline_access'].includes(scope)),
    };
  },
  verifier: (base, resource) => ({
    issuer: `${base}/`,
    audience: resource,
    jwksUri: `${base}${jwks}`,
    algorithms: ['RS256'],
    typ: null,
    requiredClaims: {},
    scopeClaim: 'scope (or permissions with RBAC)',
    scopeFormat: 'space-separated string',
  }),
  notes: [
    'The issuer ends with a slash: https://<tenant>/ — compare it exactly, slash included.',
    'aud is your API Identifier; when openid is granted it is a list that also names <tenant>/userinfo.',
    'The client is in azp, not client_id; with RBAC the granted permissions are in permissions.',
    'Header typ is JWT, not at+jwt: a verifier requiring at+jwt refuses every Auth0 token.',
  ],
};
