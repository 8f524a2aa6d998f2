import type { TokenShape } from './token-shape';

const project = 'P2Handshake';

/** Descope: path issuer per project, aud [client id, project id] unless the MCP Server URL is set in the console. */
export const descopeShape: TokenShape = {
  id: 'descope',
  label: 'Descope',
  docs: 'https://docs.descope.com/mcp',
  issuer: (base) => `${base}/${project}`,
  paths: () => ({
    openIdConfiguration: `/${project}/.well-known/openid-configuration`,
    authorizationServerMetadata: [],
    jwks: `/${project}/.well-known/jwks.json`,
  }),
  headerTyp: () => 'JWT',
  claims: ({ subject, base, issuedAt, expiresAt, jti }) => ({
    iss: `${base}/${project}`,
    sub: subject.user.id,
    aud: [subject.clientId, project],
    azp: subject.clientId,
    scope: subject.scope,
    drn: 'DS',
    jti,
    iat: issuedAt,
    exp: expiresAt,
  }),
  verifier: (base) => ({
    issuer: `${base}/${project}`,
    audience: project,
    jwksUri: `${base}/${project}/.well-known/jwks.json`,
    algorithms: ['RS256'],
    typ: null,
    requiredClaims: {},
    scopeClaim: 'scope',
    scopeFormat: 'space-separated string',
  }),
  notes: [
    'aud is [client id, project id] by default: check the project id — or set the MCP Server URL in the console, which then becomes aud.',
    'The issuer is https://api.descope.com/<project id> (MCP servers also have path-scoped issuers under /v1/apps/agentic/…).',
  ],
};
