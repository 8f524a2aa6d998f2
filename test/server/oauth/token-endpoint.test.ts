import { describe, expect, it } from 'vitest';
import { type HttpResponse, httpRequest } from '../support/http-request';
import { startPluginFixture, knownUser as testUser, usePluginFixture } from '../support/plugin-fixture';

describe('token endpoint (authorization_url)', () => {
  const running = usePluginFixture();

  const post = (body: string, headers: Record<string, string>) =>
    httpRequest(`${running.publicUrl}/oauth/token`, { method: 'POST', headers, body });
  const expectOAuthError = (response: HttpResponse, status: number, error: string) => {
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ error, error_description: expect.any(String) });
    expect(response.headers['cache-control']).toBe('no-store');
  };

  describe('client authentication', () => {
    it('refuses a wrong secret in the body with invalid_client 401 and no WWW-Authenticate', async () => {
      const chatgpt = running.chatGpt({ clientSecret: 'wrong-secret-0123456789' });
      const response = await chatgpt.exchangeCode('hsc_whatever');
      expectOAuthError(response, 401, 'invalid_client');
      expect(response.headers['www-authenticate']).toBeUndefined();
    });

    it('refuses a wrong secret in a Basic header with WWW-Authenticate: Basic', async () => {
      const chatgpt = running.chatGpt({ clientSecret: 'wrong-secret-0123456789', credentials: 'basic' as const });
      const response = await chatgpt.exchangeCode('hsc_whatever');
      expectOAuthError(response, 401, 'invalid_client');
      expect(response.headers['www-authenticate']).toMatch(/^Basic/);
    });

    it('refuses an unknown client', async () => {
      const response = await running.chatGpt({ clientId: 'someone-else' }).exchangeCode('hsc_x');
      expectOAuthError(response, 401, 'invalid_client');
    });

    it('refuses a missing secret', async () => {
      const response = await post(
        JSON.stringify({
          grant_type: 'authorization_code',
          client_id: running.client.id,
          code: 'x',
          redirect_uri: 'https://chat.openai.com/aip/p/oauth/callback',
        }),
        { 'content-type': 'application/json' },
      );
      expectOAuthError(response, 401, 'invalid_client');
    });

    it('refuses Basic and body credentials that disagree', async () => {
      const basic = Buffer.from(`${running.client.id}:${running.client.secret}`).toString('base64');
      const response = await post(`grant_type=refresh_token&refresh_token=x&client_secret=other-secret-123456789`, {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${basic}`,
      });
      expectOAuthError(response, 401, 'invalid_client');
    });

    it('refuses a malformed Basic header', async () => {
      const response = await post('grant_type=refresh_token&refresh_token=x', {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'Basic !!!not-base64',
      });
      expectOAuthError(response, 401, 'invalid_client');
    });
  });

  describe('malformed requests', () => {
    it.each([
      ['malformed JSON', '{"grant_type": ', 'application/json'],
      ['a JSON array', '[1,2]', 'application/json'],
      ['an unsupported content type', 'grant_type=refresh_token', 'text/plain'],
      ['no body', '', 'application/json'],
      ['a repeated parameter', 'grant_type=refresh_token&grant_type=authorization_code', 'application/x-www-form-urlencoded'],
    ])('answers invalid_request for %s', async (_name, body, contentType) => {
      expectOAuthError(await post(body, { 'content-type': contentType }), 400, 'invalid_request');
    });

    it('answers invalid_request (not 413 or 500) for a body over the size limit', async () => {
      const body = JSON.stringify({ grant_type: 'refresh_token', padding: 'x'.repeat(200_000) });
      expectOAuthError(await post(body, { 'content-type': 'application/json' }), 400, 'invalid_request');
    });

    it('answers invalid_request when grant_type is missing and unsupported_grant_type for an unknown one', async () => {
      const chatgpt = running.chatGpt();
      expectOAuthError(await chatgpt.tokenRequest({}), 400, 'invalid_request');
      expectOAuthError(await chatgpt.tokenRequest({ grant_type: 'client_credentials' }), 400, 'unsupported_grant_type');
      expectOAuthError(await chatgpt.tokenRequest({ grant_type: 'password', username: 'a', password: 'b' }), 400, 'unsupported_grant_type');
      for (const inherited of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        expectOAuthError(await chatgpt.tokenRequest({ grant_type: inherited }), 400, 'unsupported_grant_type');
      }
    });

    it('answers invalid_request when the code is missing', async () => {
      expectOAuthError(await running.chatGpt().tokenRequest({ grant_type: 'authorization_code' }), 400, 'invalid_request');
    });
  });

  describe('authorization_code grant', () => {
    it('refuses an unknown code', async () => {
      expectOAuthError(await running.chatGpt().exchangeCode('hsc_never-issued'), 400, 'invalid_grant');
    });

    it('refuses a replayed code and revokes the tokens the first exchange issued', async () => {
      const chatgpt = running.chatGpt();
      const code = (await chatgpt.obtainCode(testUser)).code;
      const first = await chatgpt.exchangeCode(code);
      expect(first.status).toBe(200);
      expect((await chatgpt.callApi(first.json.access_token, '/me')).status).toBe(200);
      expectOAuthError(await chatgpt.exchangeCode(code), 400, 'invalid_grant');
      expect((await chatgpt.callApi(first.json.access_token, '/me')).status).toBe(401);
      expectOAuthError(await chatgpt.refresh(first.json.refresh_token), 400, 'invalid_grant');
    });

    it('refuses a redirect_uri that differs from the authorize request, and a missing one', async () => {
      const chatgpt = running.chatGpt();
      const code = (await chatgpt.obtainCode(testUser)).code;
      expectOAuthError(await chatgpt.exchangeCode(code, { redirect_uri: `${chatgpt.redirectUri}/` }), 400, 'invalid_grant');
      expectOAuthError(await chatgpt.exchangeCode(code, { redirect_uri: undefined }), 400, 'invalid_request');
      expect((await chatgpt.exchangeCode(code)).status).toBe(200);
    });

    it('refuses an expired code', async () => {
      await running.core.control.updateSettings({ authorizationCodeTtl: 1 });
      try {
        const chatgpt = running.chatGpt();
        const code = (await chatgpt.obtainCode(testUser)).code;
        await new Promise((resolve) => setTimeout(resolve, 1100));
        expectOAuthError(await chatgpt.exchangeCode(code), 400, 'invalid_grant');
      } finally {
        await running.core.control.updateSettings({ authorizationCodeTtl: 60 });
      }
    });

    it('gives exactly one success for 20 concurrent exchanges of one code', async () => {
      const chatgpt = running.chatGpt();
      const code = (await chatgpt.obtainCode(testUser)).code;
      const results = await Promise.all(Array.from({ length: 20 }, () => chatgpt.exchangeCode(code)));
      expect(results.filter((result) => result.status === 200)).toHaveLength(1);
      const refused = results.filter((result) => result.status !== 200);
      expect(refused).toHaveLength(19);
      for (const result of refused) expect(result.json.error).toBe('invalid_grant');
    });

    it("stops a removed user's codes from working", async () => {
      const user = await running.core.control.createUser({ email: 'gone@example.com', password: 'password-123' });
      const chatgpt = running.chatGpt();
      const code = (await chatgpt.obtainCode({ email: 'gone@example.com', password: 'password-123' })).code;
      await running.core.control.deleteUser({ id: user.id });
      expectOAuthError(await chatgpt.exchangeCode(code), 400, 'invalid_grant');
    });
  });

  describe('refresh_token grant', () => {
    it('rotates, and reuse of a rotated token is invalid_grant and revokes the grant', async () => {
      const chatgpt = running.chatGpt();
      const { tokens: token } = await chatgpt.install(testUser);
      const second = await chatgpt.refresh(token.refresh_token);
      expect(second.status).toBe(200);
      expectOAuthError(await chatgpt.refresh(token.refresh_token), 400, 'invalid_grant');
      // The grant is gone: the newest tokens stop working too.
      expectOAuthError(await chatgpt.refresh(second.json.refresh_token), 400, 'invalid_grant');
      expect((await chatgpt.callApi(second.json.access_token, '/me')).status).toBe(401);
    });

    it('refuses a bogus refresh token (mock-oauth2-server #826) and an access token in its place', async () => {
      const chatgpt = running.chatGpt();
      const { tokens: token } = await chatgpt.install(testUser);
      expectOAuthError(await chatgpt.refresh('bogus'), 400, 'invalid_grant');
      expectOAuthError(await chatgpt.refresh(`${token.refresh_token}x`), 400, 'invalid_grant');
      expectOAuthError(await chatgpt.refresh(token.access_token), 400, 'invalid_grant');
      expect((await chatgpt.refresh(token.refresh_token)).status).toBe(200);
    });

    it('gives exactly one success for concurrent refreshes of one token', async () => {
      const chatgpt = running.chatGpt();
      const { tokens: token } = await chatgpt.install(testUser);
      const results = await Promise.all(Array.from({ length: 10 }, () => chatgpt.refresh(token.refresh_token)));
      expect(results.filter((result) => result.status === 200)).toHaveLength(1);
    });

    it("stops a removed user's refresh tokens", async () => {
      const user = await running.core.control.createUser({ email: 'leaver@example.com', password: 'password-123' });
      const chatgpt = running.chatGpt();
      const { tokens: token } = await chatgpt.install({ email: 'leaver@example.com', password: 'password-123' });
      await running.core.control.deleteUser({ id: user.id });
      expectOAuthError(await chatgpt.refresh(token.refresh_token), 400, 'invalid_grant');
      expect((await chatgpt.callApi(token.access_token, '/me')).status).toBe(401);
    });
  });
});

describe('a refused token request still belongs to its install', () => {
  it('carries the flowId of the code it presented when the client secret is wrong', async () => {
    const running = await startPluginFixture();
    try {
      const chatgpt = running.chatGpt();
      const code = (await chatgpt.obtainCode(testUser)).code;
      const wrong = running.chatGpt({ clientSecret: 'not-the-secret-0123456789' });
      await wrong.exchangeCode(code);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const entries = await running.core.control.listTraffic({});
      const login = entries.find((entry) => entry.kind === 'login')!;
      const token = entries.find((entry) => entry.kind === 'token')!;
      expect(token.status).toBe(401);
      expect(login.flowId).toMatch(/^flw_/);
      expect(token.flowId).toBe(login.flowId);
    } finally {
      await running.close();
    }
  });
});
