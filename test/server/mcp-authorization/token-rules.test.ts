import { describe, expect, it } from 'vitest';
import { basicAuthorization } from '../../chatgpt-simulator/chatgpt-client';
import { chatGptConnectorRedirect } from '../../chatgpt-simulator/mcp-oauth-client';
import { httpRequest } from '../support/http-request';
import { useMcpFixture } from './mcp-fixture';

describe('token endpoint rules for registered clients', () => {
  const mcp = useMcpFixture();

  async function connected(scope = 'todos.read') {
    await mcp.plugin.api.call('PATCH', '/api/settings', { scope: 'todos.read todos.write' });
    const chatgpt = await mcp.chatGpt(chatGptConnectorRedirect);
    await chatgpt.register();
    const token = await chatgpt.exchange(await chatgpt.authorize(mcp.user, { scope }));
    expect(token.status).toBe(200);
    return { chatgpt, token: token.json };
  }

  it('a refresh cannot widen the scope (invalid_scope) nor change the resource (invalid_target); narrowing is allowed', async () => {
    const { chatgpt, token } = await connected();
    const wider = await chatgpt.refresh(token.refresh_token, { scope: 'todos.read todos.write' });
    expect(wider.status).toBe(400);
    expect(wider.json).toMatchObject({ error: 'invalid_scope' });
    const elsewhere = await chatgpt.refresh(token.refresh_token, { resource: mcp.plugin.publicUrl });
    expect(elsewhere.json).toMatchObject({ error: 'invalid_target' });
    const same = await chatgpt.refresh(token.refresh_token, { scope: 'todos.read' });
    expect(same.status).toBe(200);
  });

  it('an access token replaced by a refresh keeps working until it expires (parallel tool calls), until the grant is revoked', async () => {
    const { chatgpt, token } = await connected();
    const refreshed = await chatgpt.refresh(token.refresh_token);
    const introspect = (value: string) =>
      httpRequest(`${mcp.plugin.publicUrl}/oauth/introspect`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basicAuthorization(mcp.plugin.client.id, mcp.plugin.client.secret),
        },
        body: new URLSearchParams({ token: value }).toString(),
      });
    expect((await introspect(token.access_token)).json).toMatchObject({
      active: true,
      aud: `${mcp.plugin.publicUrl}/mcp`,
      iss: mcp.plugin.publicUrl,
      scope: 'todos.read',
    });
    expect((await introspect(refreshed.json.access_token)).json.active).toBe(true);
    // Reusing the rotated-out refresh token: strict by default, so the whole grant goes.
    expect((await chatgpt.refresh(token.refresh_token)).json).toMatchObject({ error: 'invalid_grant' });
    expect((await introspect(token.access_token)).json).toEqual({ active: false });
    expect((await introspect(refreshed.json.access_token)).json).toEqual({ active: false });
  });

  it('with a reuse interval, the refresh token just rotated out is accepted again (noted in the log) instead of revoking the grant', async () => {
    await mcp.plugin.api.call('PATCH', '/api/settings', { refreshTokenReuseInterval: 30 });
    try {
      const { chatgpt, token } = await connected();
      const first = await chatgpt.refresh(token.refresh_token);
      const again = await chatgpt.refresh(token.refresh_token);
      expect(again.status).toBe(200);
      expect((await chatgpt.refresh(again.json.refresh_token)).status).toBe(200);
      // An older one than the last rotated out is still a reuse.
      expect((await chatgpt.refresh(first.json.refresh_token)).json).toMatchObject({ error: 'invalid_grant' });
    } finally {
      await mcp.plugin.api.call('PATCH', '/api/settings', { refreshTokenReuseInterval: 0 });
    }
  });

  it('a public client that sends a secret, and a confidential client without one, are invalid_client', async () => {
    const { chatgpt, token } = await connected();
    const withSecret = await httpRequest(`${mcp.plugin.publicUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: token.refresh_token,
        client_id: chatgpt.client!.client_id,
        client_secret: 'anything-at-all-123',
      }).toString(),
    });
    expect(withSecret.status).toBe(401);
    expect(withSecret.json).toMatchObject({ error: 'invalid_client' });

    const confidential = await mcp.chatGpt(chatGptConnectorRedirect);
    await confidential.register({ token_endpoint_auth_method: 'client_secret_post' });
    const noSecret = await httpRequest(`${mcp.plugin.publicUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x', client_id: confidential.client!.client_id }).toString(),
    });
    expect(noSecret.status).toBe(401);
    // Both secret methods work for a confidential client: post as registered, and Basic.
    const byPost = await confidential.exchange(await confidential.authorize(mcp.user));
    expect(byPost.status).toBe(200);
    confidential.client!.token_endpoint_auth_method = 'client_secret_basic';
    expect((await confidential.refresh(byPost.json.refresh_token)).status).toBe(200);
  });

  it('Basic credentials: the RFC 6749 form-encoded secret, the raw one with + / %, and base64url all authenticate, and the log agrees', async () => {
    const secret = 'raw+secret/with%25chars-0123456789';
    await mcp.plugin.api.call('PUT', '/api/client', { id: mcp.plugin.client.id, secret });
    try {
      const tokenRequest = (authorization: string) =>
        httpRequest(`${mcp.plugin.publicUrl}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
          body: 'grant_type=refresh_token&refresh_token=not-a-real-one',
        });
      const raw = Buffer.from(`${mcp.plugin.client.id}:${secret}`);
      for (const authorization of [
        basicAuthorization(mcp.plugin.client.id, secret),
        `Basic ${raw.toString('base64')}`,
        `Basic ${raw.toString('base64url')}`,
      ]) {
        const answer = await tokenRequest(authorization);
        // Past client authentication: the refresh token is what fails.
        expect(answer.json, authorization).toMatchObject({ error: 'invalid_grant' });
      }
      const entries = await mcp.plugin.api.call<{ id: string; kind: string; notes: { code: string }[] }[]>(
        'GET',
        '/api/traffic?kind=token&limit=3',
      );
      for (const summary of entries) {
        const entry = await mcp.plugin.api.call<{ request: { headers: Record<string, string> }; notes: { code: string }[] }>(
          'GET',
          `/api/traffic/${summary.id}`,
        );
        expect(entry.request.headers.authorization).toMatch(/matches the configured client secret/);
        expect(entry.notes.map((note) => note.code)).not.toContain('basic_header_malformed');
      }
    } finally {
      await mcp.plugin.api.call('PUT', '/api/client', { id: mcp.plugin.client.id, secret: mcp.plugin.client.secret });
    }
  });

  it('deleting a client revokes its grants at once', async () => {
    const { chatgpt, token } = await connected();
    const clients = await mcp.plugin.api.call<{ id: string; activeGrants: number }[]>('GET', '/api/clients');
    expect(clients.find((client) => client.id === chatgpt.client!.client_id)?.activeGrants).toBe(1);
    const deleted = await mcp.plugin.api.call<{ revokedGrants: number }>(
      'DELETE',
      `/api/clients/${encodeURIComponent(chatgpt.client!.client_id)}`,
    );
    expect(deleted).toEqual({ deleted: true, revokedGrants: 1 });
    expect((await chatgpt.refresh(token.refresh_token)).json).toMatchObject({ error: 'invalid_client' });
    expect((await mcp.plugin.api.send('DELETE', `/api/clients/${encodeURIComponent(mcp.plugin.client.id)}`)).status).toBe(409);
  });
});
