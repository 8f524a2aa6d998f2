import { describe, expect, it } from 'vitest';
import { chatGptConnectorRedirect } from '../../chatgpt-simulator/mcp-oauth-client';
import { useMcpFixture } from './mcp-fixture';

/** ChatGPT connecting an MCP plugin, played by a client written from the MCP spec and OpenAI's auth page. */
describe('ChatGPT connects an MCP plugin', () => {
  const mcp = useMcpFixture();

  async function latestEntry(kind: string): Promise<{ id: string; flowId: string }> {
    const [entry] = await mcp.plugin.api.call<{ id: string; flowId: string }[]>('GET', `/api/traffic?kind=${kind}&limit=1`);
    return entry;
  }

  /** The kinds of a flow's entries, oldest first: the last token request's flow unless one is named. */
  async function flowKinds(flowId?: string): Promise<string[]> {
    const id = flowId ?? (await latestEntry('token')).flowId;
    const rows = await mcp.plugin.api.call<{ kind: string; time: number }[]>('GET', `/api/traffic?flowId=${id}`);
    return rows.reverse().map((row) => row.kind);
  }

  it('discovery: protected-resource metadata names the issuer, whose metadata has S256, iss support and CIMD', async () => {
    const chatgpt = await mcp.chatGpt();
    const issuer = mcp.plugin.publicUrl;
    expect(chatgpt.discovered!.resource).toMatchObject({
      resource: `${issuer}/mcp`,
      authorization_servers: [issuer],
      bearer_methods_supported: ['header'],
    });
    expect(chatgpt.discovered!.server).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/oauth/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
      registration_endpoint: `${issuer}/oauth/register`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      introspection_endpoint: `${issuer}/oauth/introspect`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: expect.arrayContaining(['RS256', 'ES256']),
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    });
  });

  it('CIMD: the client_id is its document URL; PKCE + resource → iss checked → token with the MCP audience → refresh', async () => {
    const chatgpt = await mcp.chatGpt(chatGptConnectorRedirect);
    chatgpt.useMetadataDocument(mcp.documents.serve('/oauth/client.json', [chatGptConnectorRedirect]));
    const authorized = await chatgpt.authorize(mcp.user);
    expect(authorized.iss).toBe(mcp.plugin.publicUrl);

    const token = await chatgpt.exchange(authorized);
    expect(token.status).toBe(200);
    expect(token.headers['cache-control']).toBe('no-store');
    expect(token.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(token.json).not.toHaveProperty('scope');

    // The developer's MCP server checks tokens with the classic client's credentials (its own).
    const introspected = await fetch(`${mcp.plugin.publicUrl}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: mcp.plugin.client.id,
        client_secret: mcp.plugin.client.secret,
        token: token.json.access_token,
      }),
    }).then((answer) => answer.json());
    expect(introspected).toMatchObject({
      active: true,
      aud: `${mcp.plugin.publicUrl}/mcp`,
      iss: mcp.plugin.publicUrl,
      client_id: chatgpt.client!.client_id,
      sub: mcp.plugin.user.id,
    });
    expect(introspected.exp).toBeGreaterThan(Date.now() / 1000);

    const refreshed = await chatgpt.refresh(token.json.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.refresh_token).not.toBe(token.json.refresh_token);
    // One flow, from discovery (the first test's discovery from this address had no authorization: it joins too) to the refresh.
    expect((await flowKinds()).slice(-7)).toEqual(['discovery', 'discovery', 'authorize', 'login', 'token', 'introspect', 'token']);
  });

  it('DCR: registers once as a public client, then the same connect; a reconnect without scope gets the default scope', async () => {
    await mcp.plugin.api.call('PATCH', '/api/settings', { scope: 'todos.read todos.write' });
    try {
      const chatgpt = await mcp.chatGpt(chatGptConnectorRedirect);
      const registered = await chatgpt.register();
      const registration = await latestEntry('registration');
      expect(registered).toMatchObject({ token_endpoint_auth_method: 'none', redirect_uris: [chatGptConnectorRedirect] });
      expect(registered).not.toHaveProperty('client_secret');
      const first = await chatgpt.exchange(await chatgpt.authorize(mcp.user, { scope: 'todos.read' }));
      expect(first.json.scope).toBe('todos.read');
      // ChatGPT omits scope after Disconnect → Connect.
      const reconnect = await chatgpt.exchange(await chatgpt.authorize(mcp.user, { scope: undefined }));
      expect(reconnect.status).toBe(200);
      expect(reconnect.json.scope).toBe('todos.read todos.write');
      // The flow view shows the connect whole: metadata → registration → sign-in → token.
      expect(await flowKinds(registration.flowId)).toEqual(['discovery', 'discovery', 'registration', 'authorize', 'login', 'token']);
    } finally {
      await mcp.plugin.api.call('PATCH', '/api/settings', { scope: '' });
    }
  });
});
