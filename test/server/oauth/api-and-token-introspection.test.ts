import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../chatgpt-simulator/chatgpt-simulator';
import { startTestCore, testUser, type RunningCore } from '../../chatgpt-simulator/test-core';

describe('the plugin API’s bearer check, introspection and revocation', () => {
  let running: RunningCore;
  beforeAll(async () => {
    running = await startTestCore();
  });
  afterAll(() => running.close());

  const expectInvalidToken = (response: { status: number; headers: Headers; body: any }) => {
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    expect(response.body).toMatchObject({ error: 'invalid_token' });
  };

  it('refuses missing, malformed, unknown, expired and revoked tokens with 401 invalid_token', async () => {
    const chatgpt = running.simulator();
    expectInvalidToken(await request(`${running.baseUrl}/me`));
    expectInvalidToken(await request(`${running.baseUrl}/me`, { headers: { authorization: 'Token abc' } }));
    expectInvalidToken(await chatgpt.callApi('/me', 'hsa_unknown'));

    const { token } = await chatgpt.install(testUser.email, testUser.password);
    expectInvalidToken(await chatgpt.callApi('/todos', token.refresh_token));
    await running.core.control.injectFault({ kind: 'expire-access-tokens' });
    expectInvalidToken(await chatgpt.callApi('/me', token.access_token));

    const fresh = await chatgpt.install(testUser.email, testUser.password);
    const grant = (await running.core.control.listGrants()).find((candidate) => candidate.state === 'active')!;
    await running.core.control.revokeGrant({ id: grant.id });
    expectInvalidToken(await chatgpt.callApi('/me', fresh.token.access_token));
  });

  it('accepts the scheme case-insensitively', async () => {
    const chatgpt = running.simulator();
    const { token } = await chatgpt.install(testUser.email, testUser.password);
    expect((await request(`${running.baseUrl}/me`, { headers: { authorization: `bearer ${token.access_token}` } })).status).toBe(200);
  });

  it('introspects tokens for the authenticated client (RFC 7662)', async () => {
    const chatgpt = running.simulator({ contentType: 'application/x-www-form-urlencoded' });
    const { token } = await chatgpt.install(testUser.email, testUser.password);
    const introspect = (fields: Record<string, string>, secret = running.client.secret) =>
      request(`${running.baseUrl}/oauth/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: running.client.id, client_secret: secret, ...fields }).toString(),
      });
    const active = await introspect({ token: token.access_token });
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ active: true, client_id: running.client.id, username: testUser.email, token_type: 'Bearer', scope: '' });
    expect(active.body.exp).toBeGreaterThan(Date.now() / 1000);
    expect((await introspect({ token: token.refresh_token, token_type_hint: 'refresh_token' })).body).toMatchObject({ active: true, token_type: 'refresh_token' });
    expect((await introspect({ token: 'nope' })).body).toEqual({ active: false });
    expect((await introspect({ token: token.access_token }, 'wrong-secret-xxxxxxxx')).status).toBe(401);
    expect((await introspect({})).body.error).toBe('invalid_request');
  });

  it('revokes a grant through either of its tokens (RFC 7009), answering 200 even for unknown tokens', async () => {
    const chatgpt = running.simulator();
    const { token } = await chatgpt.install(testUser.email, testUser.password);
    const revoke = (value: string) =>
      request(`${running.baseUrl}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: running.client.id, client_secret: running.client.secret, token: value }),
      });
    expect((await revoke('unknown-token')).status).toBe(200);
    expect((await revoke(token.refresh_token)).status).toBe(200);
    expect((await chatgpt.callApi('/me', token.access_token)).status).toBe(401);
    expect((await chatgpt.refresh(token.refresh_token)).body.error).toBe('invalid_grant');
  });
});
