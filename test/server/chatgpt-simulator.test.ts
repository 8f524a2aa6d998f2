import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, testUser, type RunningCore } from '../chatgpt-simulator/test-core';

/** The whole install, over real HTTP, as ChatGPT performs it (shared/reference/chatgpt-oauth.md §1–2). */
describe('ChatGPT installs the plugin', () => {
  let running: RunningCore;
  beforeAll(async () => {
    running = await startTestCore();
  });
  afterAll(() => running.close());

  it.each([
    ['JSON body (plugin, authorization_content_type application/json)', { contentType: 'application/json' as const }],
    ['form body (plugin, x-www-form-urlencoded)', { contentType: 'application/x-www-form-urlencoded' as const }],
    ['Basic header (GPT Action "Basic authorization header")', { basicAuth: true, contentType: 'application/x-www-form-urlencoded' as const }],
    ['chatgpt.com callback (GPT Action, default POST)', { callbackHost: 'chatgpt.com' as const, contentType: 'application/x-www-form-urlencoded' as const }],
  ])('manifest → authorize → login → callback → token → API → refresh, %s', async (_name, variant) => {
    const chatgpt = running.simulator(variant);

    const manifest = await chatgpt.fetchManifest();
    expect(manifest.status).toBe(200);
    expect(manifest.body.auth).toMatchObject({
      type: 'oauth',
      client_url: `${running.baseUrl}/oauth/authorize`,
      authorization_url: `${running.baseUrl}/oauth/token`,
      scope: '',
    });

    const page = await chatgpt.openLoginPage();
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<label for="email">Email<\/label>/);
    expect(page.html).toMatch(/<label for="password">Password<\/label>/);

    const login = await chatgpt.submitLogin(page, testUser.email, testUser.password);
    expect(login.status).toBe(302);
    expect(login.location).toBe(`${chatgpt.callbackUrl}?code=${encodeURIComponent(login.code!)}&state=${chatgpt.state}`);

    const token = await chatgpt.exchangeCode(login.code!);
    expect(token.status).toBe(200);
    expect(token.headers.get('cache-control')).toBe('no-store');
    expect(token.body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: expect.any(String),
      scope: '',
    });

    const me = await chatgpt.callApi('/me', token.body.access_token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: testUser.email, name: testUser.name });

    const refreshed = await chatgpt.refresh(token.body.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(token.body.refresh_token);
    expect(refreshed.body.access_token).not.toBe(token.body.access_token);
    expect((await chatgpt.callApi('/me', refreshed.body.access_token)).status).toBe(200);
    expect((await chatgpt.callApi('/me', token.body.access_token)).status).toBe(401);
  });

  it('echoes state byte for byte, whatever characters it holds', async () => {
    const chatgpt = running.simulator();
    const state = 'a b+c/d?e=f&g%h~ü😀"<x>';
    const page = await chatgpt.openLoginPage({ state });
    const login = await chatgpt.submitLogin(page, testUser.email, testUser.password);
    expect(login.state).toBe(state);
  });

  it('keeps scope empty when ChatGPT sends scope= and uses the configured scope when absent', async () => {
    await running.core.control.updateSettings({ scope: 'todos' });
    try {
      const chatgpt = running.simulator();
      const withEmpty = await chatgpt.exchangeCode(await chatgpt.signIn(testUser.email, testUser.password));
      expect(withEmpty.body.scope).toBe('todos');
      const page = await chatgpt.openLoginPage({ scope: 'read' });
      const login = await chatgpt.submitLogin(page, testUser.email, testUser.password);
      expect((await chatgpt.exchangeCode(login.code!)).body.scope).toBe('read');
    } finally {
      await running.core.control.updateSettings({ scope: '' });
    }
  });

  it('answers expires_in from accessTokenTtl, so the docs’ 59 s can be exercised', async () => {
    await running.core.control.updateSettings({ accessTokenTtl: 59 });
    try {
      const chatgpt = running.simulator();
      const { token } = await chatgpt.install(testUser.email, testUser.password);
      expect(token.expires_in).toBe(59);
    } finally {
      await running.core.control.updateSettings({ accessTokenTtl: 3600 });
    }
  });

  it('uses the demo todo API per user', async () => {
    const chatgpt = running.simulator();
    const { token } = await chatgpt.install(testUser.email, testUser.password);
    const added = await chatgpt.callApi('/todos', token.access_token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'ship it' }) });
    expect(added.status).toBe(201);
    const list = await chatgpt.callApi('/todos', token.access_token);
    expect(list.body.todos.map((todo: { text: string }) => todo.text)).toContain('ship it');
    expect((await chatgpt.callApi(`/todos/${added.body.id}`, token.access_token, { method: 'DELETE' })).status).toBe(204);
    expect((await chatgpt.callApi(`/todos/${added.body.id}`, token.access_token, { method: 'DELETE' })).status).toBe(404);
    const bad = await chatgpt.callApi('/todos', token.access_token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": 5}' });
    expect(bad.status).toBe(400);
  });
});
