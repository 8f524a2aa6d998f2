import type { TokenShape } from './token-shape';

const tenant = '9188040d-6c67-4c5b-b112-36a304b66dad';
/** The Application (client) ID of the API app registration, which v2 tokens put in aud. */
export const entraApiAppId = '6e74172b-be56-4843-9ff4-e66a39bb12e3';

/** Microsoft Entra ID, v2.0 access tokens for your API: GUID aud, scp string, oid/tid, path issuer. */
export const entraShape: TokenShape = {
  id: 'entra',
  label: 'Microsoft Entra ID',
  docs: 'https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference',
  issuer: (base) => `${base}/${tenant}/v2.0`,
  paths: () => ({
    openIdConfiguration: `/${tenant}/v2.0/.well-known/openid-configuration`,
    authorizationServerMetadata: [],
    jwks: `/${tenant}/discovery/v2.0/keys`,
  }),
  headerTyp: () => 'JWT',
  claims: ({ subject, base, issuedAt, expiresAt, jti, scopes }) => ({
    aud: entraApiAppId,
    iss: `${base}/${tenant}/v2.0`,
    iat: issuedAt,
    nbf: issuedAt,
    exp: expiresAt,
    azp: subject.clientId,
    azpacr: '0',
    name: subject.user.name || subject.user.email,
    oid: subject.user.id,
    preferred_username: subject.user.email,
    scp: scopes.join(' '),
    sub: subject.user.id,
    tid: tenant,
    uti: jti,
    ver: '2.0',
    aio: crypto.randomUUID(),
  }),
  verifier: (base) => ({
    issuer: `${base}/${tenant}/v2.0`,
    audience: entraApiAppId,
    jwksUri: `${base}/${tenant}/discovery/v2.0/keys`,
    algorithms: ['RS256'],
    typ: null,
    requiredClaims: { tid: tenant },
    scopeClaim: 'scp',
    scopeFormat: 'space-separated string',
  }),
  notes: [
    'aud is your API app’s Application ID (a GUID), not your server URL; clients ask with scope=<app id URI>/.default.',
    'The issuer is https://login.microsoftonline.com/<tenant>/v2.0; v1 tokens use https://sts.windows.net/<tenant>/.',
    'Scopes are in scp (space-separated); the user is oid within tenant tid.',
  ],
};
