import { describe, expect, it } from 'vitest';
import { type HttpResponse, httpRequest } from '../support/http-request';
import { knownUser as testUser, usePluginFixture } from '../support/plugin-fixture';

describe('the plugin API’s bearer check, introspection and revocation', () => {
  const running = usePluginFixture();

  const expectInvalidToken = (response: HttpResponse) => {
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    expect(response.json).toMatchObject({ error: 'invalid_token' });
  };

  it('refuses unknown, expired and revoked tokens with 401 invalid_token', async () => {
    const chatgpt = running.chatGpt();
    expectInvalidToken(await chatgpt.callApi('hsa_unknown', '/me'));

    const { tokens: token } = await chatgpt.install(testUser);
    expectInvalidToken(await chatgpt.callApi(token.refresh_token, '/todos'));
    await running.core.control.injectFault({ kind: 'expire-access-tokens' });
    expectInvalidToken(await chatgpt.callApi(token.access_token, '/me'));

    const fresh = await chatgpt.install(testUser);
    const grant = (await running.core.control.listGrants()).find((candidate) => candidate.state === 'active')!;
    await running.core.control.revokeGrant({ id: grant.id });
    expectInvalidToken(await chatgpt.callApi(fresh.tokens.access_token, '/me'));
  });

  it('accepts the scheme case-insensitively', async () => {
    const chatgpt = running.chatGpt();
    const { tokens: token } = await chatgpt.install(testUser);
    expect((await httpRequest(`${running.publicUrl}/me`, { headers: { authorization: `bearer ${token.access_token}` } })).status).toBe(200);
  });

  it('introspects tokens for the authenticated client (RFC 7662)', async () => {
    const chatgpt = running.chatGpt({ encoding: 'form' as const });
    const { tokens: token } = await chatgpt.install(testUser);
    const introspect = (fields: Record<string, string>, secret = running.client.secret) =>
      httpRequest(`${running.publicUrl}/oauth/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: running.client.id, client_secret: secret, ...fields }).toString(),
      });
    const active = await introspect({ token: token.access_token });
    expect(active.status).toBe(200);
    expect(active.json).toMatchObject({ active: true, client_id: running.client.id, username: testUser.email, token_type: 'Bearer' });
    expect(active.json.exp).toBeGreaterThan(Date.now() / 1000);
    expect(active.json).not.toHaveProperty('scope');
    const refresh = (await introspect({ token: token.refresh_token, token_type_hint: 'refresh_token' })).json;
    expect(refresh).toMatchObject({ active: true, client_id: running.client.id });
    expect(refresh).not.toHaveProperty('token_type');
    expect((await introspect({ token: 'nope' })).json).toEqual({ active: false });
    expect((await introspect({ token: token.access_token }, 'wrong-secret-xxxxxxxx')).status).toBe(401);
    expect((await introspect({})).json.error).toBe('invalid_request');
  });

  it('revokes a grant through either of its tokens (RFC 7009), answering 200 even for unknown tokens', async () => {
    const chatgpt = running.chatGpt();
    const { tokens: token } = await chatgpt.install(testUser);
    const revoke = (value: string) =>
      httpRequest(`${running.publicUrl}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: running.client.id, client_secret: running.client.secret, token: value }),
      });
    expect((await revoke('unknown-token')).status).toBe(200);
    expect((await revoke(token.refresh_token)).status).toBe(200);
    expect((await chatgpt.callApi(token.access_token, '/me')).status).toBe(401);
    expect((await chatgpt.refresh(token.refresh_token)).json.error).toBe('invalid_grant');
  });
});
