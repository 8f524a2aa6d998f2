import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { knownUser as testUser, usePluginFixture } from './support/plugin-fixture';

/** The whole install, over real HTTP, as ChatGPT performs it (shared/reference/chatgpt-oauth.md §1–2). */
describe('ChatGPT installs the plugin', () => {
  const running = usePluginFixture();

  it.each([
    ['JSON body (plugin, authorization_content_type application/json)', { encoding: 'json' as const }],
    ['form body (plugin, x-www-form-urlencoded)', { encoding: 'form' as const }],
    ['Basic header (GPT Action "Basic authorization header")', { credentials: 'basic' as const, encoding: 'form' as const }],
    [
      'chatgpt.com callback (GPT Action, default POST)',
      { redirectUri: `https://chatgpt.com/aip/g-${randomUUID()}/oauth/callback`, encoding: 'form' as const },
    ],
  ])('manifest → authorize → login → callback → token → API → refresh, %s', async (_name, variant) => {
    const chatgpt = running.chatGpt(variant);

    const manifest = await chatgpt.fetchManifest();
    expect(manifest.status).toBe(200);
    expect(manifest.json.auth).toMatchObject({
      type: 'oauth',
      client_url: `${running.publicUrl}/oauth/authorize`,
      authorization_url: `${running.publicUrl}/oauth/token`,
      scope: '',
    });

    const state = randomUUID();
    const page = await chatgpt.authorize({ state });
    expect(page.response.status).toBe(200);
    expect(page.response.text).toMatch(/<label for="email">Email<\/label>/);
    expect(page.response.text).toMatch(/<label for="password">Password<\/label>/);

    const login = await chatgpt.signIn(page.form!, testUser);
    expect(login.response.status).toBe(302);
    // RFC 9207: the issuer rides along on every redirect back, exactly the base URL ChatGPT reached us at.
    expect(login.response.headers.location).toBe(
      `${chatgpt.redirectUri}?code=${encodeURIComponent(login.code!)}&state=${state}&iss=${encodeURIComponent(running.publicUrl)}`,
    );

    const token = await chatgpt.exchangeCode(login.code!);
    expect(token.status).toBe(200);
    expect(token.headers['cache-control']).toBe('no-store');
    expect(token.json).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: expect.any(String),
      // No scope was granted: the member is left out ("" reads as one empty scope in oauthlib).
    });

    const me = await chatgpt.callApi(token.json.access_token, '/me');
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ email: running.user.email, name: running.user.name });

    const refreshed = await chatgpt.refresh(token.json.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.refresh_token).not.toBe(token.json.refresh_token);
    expect(refreshed.json.access_token).not.toBe(token.json.access_token);
    expect((await chatgpt.callApi(refreshed.json.access_token, '/me')).status).toBe(200);
    // The replaced access token lives until it expires: calls in flight during a refresh must not fail.
    expect((await chatgpt.callApi(token.json.access_token, '/me')).status).toBe(200);
    expect((await chatgpt.refresh(token.json.refresh_token)).status).toBe(400);
    expect((await chatgpt.callApi(token.json.access_token, '/me')).status).toBe(401);
    expect((await chatgpt.callApi(refreshed.json.access_token, '/me')).status).toBe(401);
  });

  it('echoes state byte for byte, whatever characters it holds', async () => {
    const chatgpt = running.chatGpt();
    const state = 'a b+c/d?e=f&g%h~ü😀"<x>';
    const login = await chatgpt.signIn(await chatgpt.openLoginForm({ state }), testUser);
    expect(login.state).toBe(state);
  });

  it('keeps scope empty when ChatGPT sends scope= and uses the configured scope when absent', async () => {
    await running.core.control.updateSettings({ scope: 'todos' });
    try {
      const chatgpt = running.chatGpt();
      const withEmpty = await chatgpt.exchangeCode((await chatgpt.obtainCode(testUser)).code);
      expect(withEmpty.json.scope).toBe('todos');
      const login = await chatgpt.signIn(await chatgpt.openLoginForm({ scope: 'read' }), testUser);
      expect((await chatgpt.exchangeCode(login.code!)).json.scope).toBe('read');
    } finally {
      await running.core.control.updateSettings({ scope: '' });
    }
  });

  it('answers expires_in from accessTokenTtl, so the docs’ 59 s can be exercised', async () => {
    await running.core.control.updateSettings({ accessTokenTtl: 59 });
    try {
      const chatgpt = running.chatGpt();
      const { tokens: token } = await chatgpt.install(testUser);
      expect(token.expires_in).toBe(59);
    } finally {
      await running.core.control.updateSettings({ accessTokenTtl: 3600 });
    }
  });

  it('uses the demo todo API per user', async () => {
    const chatgpt = running.chatGpt();
    const { tokens: token } = await chatgpt.install(testUser);
    const added = await chatgpt.callApi(token.access_token, '/todos', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'ship it' }),
    });
    expect(added.status).toBe(201);
    const list = await chatgpt.callApi(token.access_token, '/todos');
    expect(list.json.todos.map((todo: { text: string }) => todo.text)).toContain('ship it');
    expect((await chatgpt.callApi(token.access_token, `/todos/${added.json.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await chatgpt.callApi(token.access_token, `/todos/${added.json.id}`, { method: 'DELETE' })).status).toBe(404);
    const bad = await chatgpt.callApi(token.access_token, '/todos', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text": 5}',
    });
    expect(bad.status).toBe(400);
  });
});
