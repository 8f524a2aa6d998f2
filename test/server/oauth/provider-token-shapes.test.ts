import { createRemoteJWKSet, decodeProtectedHeader, type JWTPayload, type JWTVerifyOptions, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { useMcpFixture } from '../mcp-authorization/mcp-fixture';
import { httpRequest } from '../support/http-request';

/**
 * "Mint tokens like": each shape is verified the way that provider's documentation tells a resource server to verify
 * its tokens — issuer, audience and keys URL written here from the provider's docs, not read from Handshake's modules.
 */
describe('provider-shaped access tokens', () => {
  const mcp = useMcpFixture();

  /** A full MCP connect (discovery, DCR, PKCE with resource, code exchange) with Settings' tokenShape set to `shape`. */
  async function tokenShapedLike(shape: string, scope = 'todos:read'): Promise<{ token: string; clientId: string; base: string }> {
    await mcp.plugin.api.call('PATCH', '/api/settings', { tokenShape: shape, scope: 'todos:read' });
    const client = await mcp.chatGpt();
    const registered = await client.register();
    const authorized = await client.authorize(mcp.user, { scope });
    const answer = await client.exchange(authorized, { resource: mcp.mcpUrl });
    expect(answer.status, answer.text).toBe(200);
    return { token: answer.json.access_token, clientId: registered.client_id, base: mcp.plugin.publicUrl };
  }

  async function verify(token: string, jwksUrl: string, options: JWTVerifyOptions): Promise<JWTPayload> {
    const jwks = createRemoteJWKSet(new URL(jwksUrl));
    return (await jwtVerify(token, jwks, { algorithms: ['RS256'], ...options })).payload;
  }

  /** The discovery document a verifier reads at the provider's place, and its issuer and jwks_uri. */
  async function discovery(url: string): Promise<{ issuer: string; jwks_uri: string }> {
    const answer = await httpRequest(url);
    expect(answer.status, url).toBe(200);
    return answer.json;
  }

  it('Handshake (RFC 9068): at+jwt, iss the public URL, aud the MCP URL, client_id and a scope string', async () => {
    const { token, clientId, base } = await tokenShapedLike('handshake');
    const payload = await verify(token, `${base}/oauth/jwks.json`, { issuer: base, audience: mcp.mcpUrl, typ: 'at+jwt' });
    expect(payload).toMatchObject({ client_id: clientId, scope: 'todos:read' });
    expect(payload.jti).toEqual(expect.any(String));
  });

  it('Auth0: issuer with a trailing slash, typ JWT, azp and permissions, aud a list with userinfo when openid is granted', async () => {
    const { token, clientId, base } = await tokenShapedLike('auth0', 'openid todos:read');
    // express-oauth2-jwt-bearer: issuerBaseURL https://<tenant>/ , audience <API identifier>; keys at /.well-known/jwks.json.
    const payload = await verify(token, `${base}/.well-known/jwks.json`, { issuer: `${base}/`, audience: mcp.mcpUrl });
    expect(decodeProtectedHeader(token).typ).toBe('JWT');
    expect(payload.aud).toEqual([mcp.mcpUrl, `${base}/userinfo`]);
    expect(payload).toMatchObject({ azp: clientId, scope: 'openid todos:read', permissions: ['todos:read'] });
    expect(payload.client_id).toBeUndefined();
    await expect(verify(token, `${base}/.well-known/jwks.json`, { issuer: base, audience: mcp.mcpUrl })).rejects.toThrow(/iss/);
  });

  it('Okta: path issuer /oauth2/default with its metadata there, keys at /v1/keys, scp array, cid and uid', async () => {
    const { token, clientId, base } = await tokenShapedLike('okta');
    const issuer = `${base}/oauth2/default`;
    const metadata = await discovery(`${base}/.well-known/oauth-authorization-server/oauth2/default`);
    expect(metadata).toMatchObject({ issuer, jwks_uri: `${issuer}/v1/keys` });
    expect(await discovery(`${issuer}/.well-known/openid-configuration`)).toMatchObject({ issuer });
    // @okta/jwt-verifier: issuer https://<org>/oauth2/default, assertClaims aud.
    const payload = await verify(token, metadata.jwks_uri, { issuer, audience: mcp.mcpUrl });
    expect(payload).toMatchObject({ cid: clientId, scp: ['todos:read'], sub: mcp.user.email, ver: 1 });
    expect(payload.scope).toBeUndefined();
  });

  it('Keycloak: realm issuer, certs under the realm, aud with account, azp, typ Bearer and realm roles', async () => {
    const { token, clientId, base } = await tokenShapedLike('keycloak');
    const issuer = `${base}/realms/handshake`;
    const metadata = await discovery(`${issuer}/.well-known/openid-configuration`);
    expect(metadata).toMatchObject({ issuer, jwks_uri: `${issuer}/protocol/openid-connect/certs` });
    const payload = await verify(token, metadata.jwks_uri, { issuer, audience: mcp.mcpUrl });
    expect(payload.aud).toEqual([mcp.mcpUrl, 'account']);
    expect(payload).toMatchObject({ azp: clientId, typ: 'Bearer', preferred_username: mcp.user.email });
    expect((payload.realm_access as { roles: string[] }).roles).toContain('offline_access');
  });

  it('Cognito: no aud at all, token_use access and client_id checked instead, OIDC discovery under the pool', async () => {
    const { token, clientId, base } = await tokenShapedLike('cognito');
    const issuer = `${base}/us-east-1_Handshake`;
    const metadata = await discovery(`${issuer}/.well-known/openid-configuration`);
    expect(metadata).toMatchObject({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json` });
    // aws-jwt-verify CognitoJwtVerifier({ userPoolId, tokenUse: 'access', clientId }).
    const payload = await verify(token, metadata.jwks_uri, { issuer });
    expect(payload.aud).toBeUndefined();
    expect(payload).toMatchObject({ token_use: 'access', client_id: clientId, scope: 'todos:read', username: mcp.user.email });
    await expect(verify(token, metadata.jwks_uri, { issuer, audience: mcp.mcpUrl })).rejects.toThrow(/aud/);
  });

  it('WorkOS AuthKit: aud the registered resource, keys at /oauth2/jwks, org_id, role, permissions and no email', async () => {
    const { token, base } = await tokenShapedLike('workos', 'email todos:read');
    const payload = await verify(token, `${base}/oauth2/jwks`, { issuer: base, audience: mcp.mcpUrl });
    expect(payload).toMatchObject({ org_id: expect.any(String), role: 'member', permissions: ['email', 'todos:read'] });
    expect(payload.sid).toEqual(expect.any(String));
    expect(payload.email).toBeUndefined();
  });

  it('Clerk: JWT access tokens without aud, client_id and scope, issuer the Frontend API', async () => {
    const { token, clientId, base } = await tokenShapedLike('clerk');
    const payload = await verify(token, `${base}/.well-known/jwks.json`, { issuer: base });
    expect(payload.aud).toBeUndefined();
    expect(payload).toMatchObject({ client_id: clientId, scope: 'todos:read' });
  });

  it('Descope: project issuer, aud [client id, project id], checked against the project id', async () => {
    const { token, clientId, base } = await tokenShapedLike('descope');
    const issuer = `${base}/P2Handshake`;
    const metadata = await discovery(`${issuer}/.well-known/openid-configuration`);
    const payload = await verify(token, metadata.jwks_uri, { issuer, audience: 'P2Handshake' });
    expect(payload.aud).toEqual([clientId, 'P2Handshake']);
  });

  it('Stytch: iss stytch.com/<project id>, aud the project id', async () => {
    const { token, clientId, base } = await tokenShapedLike('stytch');
    const payload = await verify(token, `${base}/.well-known/jwks.json`, {
      issuer: 'stytch.com/project-test-handshake',
      audience: 'project-test-handshake',
    });
    expect(payload).toMatchObject({ client_id: clientId, scope: 'todos:read' });
  });

  it('Microsoft Entra ID: v2.0 tenant issuer, keys at discovery/v2.0/keys, GUID aud, scp string, oid and tid', async () => {
    const { token, clientId, base } = await tokenShapedLike('entra');
    const tenant = '9188040d-6c67-4c5b-b112-36a304b66dad';
    const issuer = `${base}/${tenant}/v2.0`;
    const metadata = await discovery(`${issuer}/.well-known/openid-configuration`);
    expect(metadata).toMatchObject({ issuer, jwks_uri: `${base}/${tenant}/discovery/v2.0/keys` });
    const payload = await verify(token, metadata.jwks_uri, { issuer, audience: '6e74172b-be56-4843-9ff4-e66a39bb12e3' });
    expect(payload).toMatchObject({ azp: clientId, scp: 'todos:read', tid: tenant, ver: '2.0' });
  });

  it('keeps Handshake’s root discovery on its standard issuer whatever the shape, and serves no provider path for the standard shape', async () => {
    await mcp.plugin.api.call('PATCH', '/api/settings', { tokenShape: 'okta' });
    const root = await discovery(`${mcp.plugin.publicUrl}/.well-known/oauth-authorization-server`);
    expect(root.issuer).toBe(mcp.plugin.publicUrl);
    await mcp.plugin.api.call('PATCH', '/api/settings', { tokenShape: 'handshake' });
    expect((await httpRequest(`${mcp.plugin.publicUrl}/oauth2/default/v1/keys`)).status).toBe(404);
  });

  it('refuses an unknown shape with a 400 naming the field', async () => {
    const response = await mcp.plugin.api.send('PATCH', '/api/settings', { tokenShape: 'ping-identity' });
    expect(response.status).toBe(400);
    expect(response.json.error.field).toBe('tokenShape');
  });
});
