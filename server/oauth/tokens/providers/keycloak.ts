import { hasScope } from '../token-subject';
import type { TokenShape } from './token-shape';

const realm = '/realms/handshake';

/** Keycloak realm "handshake" with an Audience mapper for the MCP server: path issuer, aud with account, realm roles. */
export const keycloakShape: TokenShape = {
  id: 'keycloak',
  label: 'Keycloak',
  docs: 'https://www.keycloak.org/securing-apps/mcp-authz-server',
  issuer: (base) => `${base}${realm}`,
  paths: () => ({
    openIdConfiguration: `${realm}/.well-known/openid-configuration`,
    authorizationServerMetadata: [`/.well-known/oauth-authorization-server${realm}`],
    jwks: `${realm}/protocol/openid-connect/certs`,
  }),
  headerTyp: () => 'JWT',
  claims: ({ subject, base, audience, issuedAt, expiresAt, jti }) => ({
    exp: expiresAt,
    iat: issuedAt,
    jti,
    iss: `${base}${realm}`,
    aud: [...(Array.isArray(audience) ? audience : [audience]), 'account'],
    sub: subject.user.id,
    typ: 'Bearer',
    azp: subject.clientId,
    scope: subject.scope,
    realm_access: { roles: ['default-roles-handshake', 'offline_access', 'uma_authorization'] },
    resource_access: { account: { roles: ['manage-account', 'view-profile'] } },
    email_verified: subject.user.emailVerified,
    preferred_username: subject.user.email,
    ...(hasScope(subject.scope, 'email') ? { email: subject.user.email } : {}),
    ...(subject.user.name ? { name: subject.user.name } : {}),
  }),
  verifier: (base, resource) => ({
    issuer: `${base}${realm}`,
    audience: resource,
    jwksUri: `${base}${realm}/protocol/openid-connect/certs`,
    algorithms: ['RS256'],
    typ: null,
    requiredClaims: { typ: 'Bearer' },
    scopeClaim: 'scope',
    scopeFormat: 'space-separated string',
  }),
  notes: [
    'The issuer is the realm: https://<host>/realms/<realm>; discovery and keys live under it.',
    'Without an Audience mapper aud is only "account" (or absent): add one naming your MCP server URL, as here.',
    'The client is azp; a typ claim says "Bearer"; roles are in realm_access.roles and resource_access.',
  ],
};
