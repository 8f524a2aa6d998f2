import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { readLoginForm } from '../../chatgpt-simulator/chatgpt-client';
import { httpRequest } from '../support/http-request';
import { useMcpFixture } from './mcp-fixture';

/** panva's openid-client, the strictest RFC 8414 / RFC 9207 consumer there is, as a confidential registered client. */
describe('openid-client against Handshake', () => {
  const mcp = useMcpFixture();

  it('discovers (RFC 8414), authorizes with PKCE and resource, validates iss and state, exchanges, refreshes and introspects', async () => {
    const redirectUri = 'http://127.0.0.1:47001/cb';
    const client = await mcp.plugin.api.call<{ id: string; secret: string }>('POST', '/api/clients', {
      name: 'openid-client',
      redirectUris: [redirectUri],
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
    const config = await oidc.discovery(new URL(mcp.plugin.publicUrl), client.id, undefined, oidc.ClientSecretBasic(client.secret), {
      algorithm: 'oauth2',
      execute: [oidc.allowInsecureRequests],
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      resource: mcp.mcpUrl,
    });
    const page = await httpRequest(url.href);
    const form = readLoginForm(page);
    const posted = await httpRequest(`${mcp.plugin.publicUrl}/oauth/authorize`, {
      method: 'POST',
      body: new URLSearchParams({ ...form.fields, email: mcp.user.email, password: mcp.user.password, decision: 'allow' }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie },
    });
    const tokens = await oidc.authorizationCodeGrant(
      config,
      new URL(String(posted.headers.location)),
      { pkceCodeVerifier: verifier, expectedState: state },
      { resource: mcp.mcpUrl },
    );
    expect(tokens.token_type).toBe('bearer');
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const introspected = await oidc.tokenIntrospection(config, refreshed.access_token);
    expect(introspected).toMatchObject({ active: true, client_id: client.id, aud: mcp.mcpUrl, iss: mcp.plugin.publicUrl });
  });
});
