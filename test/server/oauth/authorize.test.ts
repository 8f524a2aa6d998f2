import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../chatgpt-simulator/chatgpt-simulator';
import { startTestCore, testUser, type RunningCore } from '../../chatgpt-simulator/test-core';

describe('authorize endpoint (client_url) and login page', () => {
  let running: RunningCore;
  beforeAll(async () => {
    running = await startTestCore();
  });
  afterAll(() => running.close());

  describe('until client and redirect_uri are valid: an HTML page, never a redirect', () => {
    it.each([
      ['no client_id', { client_id: undefined }, /no client_id/],
      ['an unknown client_id', { client_id: 'stranger' }, /not registered/],
      ['no redirect_uri', { redirect_uri: undefined }, /no redirect_uri/],
      ['a foreign redirect_uri', { redirect_uri: 'https://evil.example/callback' }, /not on the allowlist/],
      ['a trailing slash on the callback', { redirect_uri: 'https://chat.openai.com/aip/plugin-1/oauth/callback/' }, /not on the allowlist/],
      ['an http callback', { redirect_uri: 'http://chat.openai.com/aip/plugin-1/oauth/callback' }, /not on the allowlist/],
    ])('%s → 400 HTML', async (_name, overrides, problem) => {
      const response = await fetch(running.simulator().authorizeUrl(overrides), { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(await response.text()).toMatch(problem);
    });

    it('shows the refused redirect_uri against the allowlist', async () => {
      const html = await (await fetch(running.simulator().authorizeUrl({ redirect_uri: 'https://chat.openai.com/aip/plugin-1/oauth/callback/' }))).text();
      expect(html).toContain('https://chat.openai.com/aip/plugin-1/oauth/callback/');
      expect(html).toContain('https://chat.openai.com/aip/*/oauth/callback');
      expect(html).toContain('https://chatgpt.com/aip/*/oauth/callback');
      expect(html).toMatch(/no trailing slash/);
    });

    it('accepts an exact redirect URI from settings, and only that one', async () => {
      await running.core.control.updateSettings({ redirectUris: ['http://localhost:9999/cb'] });
      try {
        expect((await running.simulator().openLoginPage({ redirect_uri: 'http://localhost:9999/cb' })).status).toBe(200);
        expect((await running.simulator().openLoginPage({ redirect_uri: 'http://localhost:9999/cb2' })).status).toBe(400);
      } finally {
        await running.core.control.updateSettings({ redirectUris: [] });
      }
    });
  });

  describe('once client and redirect_uri are valid', () => {
    it('redirects unsupported_response_type with the state', async () => {
      const chatgpt = running.simulator();
      const response = await fetch(chatgpt.authorizeUrl({ response_type: 'token' }), { redirect: 'manual' });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(location.searchParams.get('error')).toBe('unsupported_response_type');
      expect(location.searchParams.get('state')).toBe(chatgpt.state);
    });

    it('shows a login form that works without JavaScript, with labelled fields, a Deny button and CSRF protection', async () => {
      const page = await running.simulator().openLoginPage();
      expect(page.html).toMatch(/<form method="post" action="authorize"/);
      expect(page.html).toMatch(/<label for="email">Email<\/label><input id="email" name="email"/);
      expect(page.html).toMatch(/<label for="password">Password<\/label><input id="password" name="password" type="password"/);
      expect(page.html).toMatch(/value="deny"[^>]*>Deny</);
      expect(page.html).not.toMatch(/<script/);
      expect(page.fields.csrf).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(page.cookie).toMatch(/^hs_login=/);
      expect(page.fields).toMatchObject({ response_type: 'code', client_id: running.client.id, scope: '' });
    });

    it('re-shows the page with an error on wrong credentials, without redirecting', async () => {
      const chatgpt = running.simulator();
      const result = await chatgpt.submitLogin(await chatgpt.openLoginPage(), testUser.email, 'wrong password');
      expect(result.status).toBe(401);
      expect(result.location).toBeNull();
      expect(result.html).toMatch(/Wrong email or password/);
      expect(result.html).toContain(`value="${testUser.email}"`);
    });

    it('redirects Deny as error=access_denied with the state', async () => {
      const chatgpt = running.simulator();
      const result = await chatgpt.submitLogin(await chatgpt.openLoginPage(), '', '', 'deny');
      expect(result.status).toBe(302);
      expect(result.error).toBe('access_denied');
      expect(result.state).toBe(chatgpt.state);
      expect(result.code).toBeNull();
    });

    it('refuses a form without the CSRF cookie, or with an altered request', async () => {
      const chatgpt = running.simulator();
      const page = await chatgpt.openLoginPage();
      const noCookie = await chatgpt.submitLogin({ ...page, cookie: null }, testUser.email, testUser.password);
      expect(noCookie.status).toBe(403);
      const altered = await chatgpt.submitLogin({ ...page, fields: { ...page.fields, state: 'other' } }, testUser.email, testUser.password);
      expect(altered.status).toBe(403);
      const foreignRedirect = await chatgpt.submitLogin({ ...page, fields: { ...page.fields, redirect_uri: 'https://evil.example/cb' } }, testUser.email, testUser.password);
      expect(foreignRedirect.status).toBe(400);
      expect(foreignRedirect.location).toBeNull();
    });

    it('issues a single-use code of at least 128 random bits bound to client, redirect_uri and user', async () => {
      const chatgpt = running.simulator();
      const code = await chatgpt.signIn(testUser.email, testUser.password);
      expect(Buffer.from(code.replace(/^hsc_/, ''), 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      const other = running.simulator();
      expect((await other.exchangeCode(code)).body.error).toBe('invalid_grant');
    });

    it('throttles repeated failed logins, even when the right password finally comes', async () => {
      const chatgpt = running.simulator();
      const victim = 'throttled@example.com';
      await running.core.control.createUser({ email: victim, password: 'the-right-password' });
      const page = await chatgpt.openLoginPage();
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 7; attempt++) statuses.push((await chatgpt.submitLogin(page, victim, `guess-${attempt}`)).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      const right = await chatgpt.submitLogin(page, victim, 'the-right-password');
      expect(right.status).toBe(429);
      expect(right.html).toMatch(/Too many failed attempts/);
      // Other accounts are not locked out by it.
      expect((await chatgpt.submitLogin(page, testUser.email, testUser.password)).status).toBe(302);
    });

    it('escapes what it echoes', async () => {
      const chatgpt = running.simulator();
      const markup = '"><script>alert(1)</script>';
      const page = await chatgpt.openLoginPage({ state: markup });
      expect(page.html).not.toContain('<script>alert(1)</script>');
      expect(page.fields.state).toBe(markup);
      const refused = await request(chatgpt.authorizeUrl({ client_id: markup }));
      expect(refused.text).not.toContain('<script>alert(1)</script>');
      expect(refused.text).toContain('&lt;script&gt;');
    });
  });
});
