import type { TokenShape } from './token-shape';

const server = '/oauth2/default';

/** Okta's custom authorization server "default": path issuer, scp array, cid and uid, sub the user's login. */
export const oktaShape: TokenShape = {
  id: 'okta',
  label: 'Okta',
  docs: 'https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/#access-token',
  issuer: (base) => `${base}${server}`,
  paths: () => ({
    openIdConfiguration: `${server}/.well-known/openid-configuration`,
    authorizationServerMetadata: [`/.well-known/oauth-authorization-server${server}`, `${server}/.well-known/oauth-authorization-server`],
    jwks: `${server}/v1/keys`,
  }),
  headerTyp: () => undefined,
  claims: ({ subject, base, audience, issuedAt, expiresAt, jti, scopes }) => ({
    ver: 1,
    jti: `AT.${jti}`,
    iss: `${base}${server}`,
    aud: audience,
    iat: issuedAt,
    exp: expiresAt,
    cid: subject.clientId,
    uid: subject.user.id,
    scp: scopes,
    sub: subject.user.email,
  }),
  verifier: (base, resource) => ({
    issuer: `${base}${server}`,
    audience: resource,
    jwksUri: `${base}${server}/v1/keys`,
    algorithms: ['RS256'],
    typ: null,
    requiredClaims: {},
    scopeClaim: 'scp',
    scopeFormat: 'array',
  }),
  notes: [
    'The issuer is a path: https://<org>/oauth2/default; its metadata lives under that path (both RFC 8414 forms).',
    'aud is the audience configured on the authorization server (set it to your MCP server URL), not the resource parameter.',
    'Scopes are in scp, an array; the client is cid, the user id uid, and sub is the user’s login (email).',
  ],
};
