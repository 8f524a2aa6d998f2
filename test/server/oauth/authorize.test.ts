import { describe, expect, it } from 'vitest';
import { chatGptPluginCallback } from '../../chatgpt-simulator/chatgpt-client';
import { httpRequest } from '../support/http-request';
import { knownUser as testUser, usePluginFixture } from '../support/plugin-fixture';

describe('authorize endpoint (client_url) and login page', () => {
  const running = usePluginFixture();

  describe('until client and redirect_uri are valid: an HTML page, never a redirect', () => {
    it.each([
      ['no client_id', { client_id: undefined }, /no client_id/],
      ['an unknown client_id', { client_id: 'stranger' }, /not registered/],
      ['no redirect_uri', { redirect_uri: undefined }, /no redirect_uri/],
      ['a foreign redirect_uri', { redirect_uri: 'https://evil.example/callback' }, /not on the allowlist/],
      [
        'a trailing slash on the callback',
        { redirect_uri: 'https://chat.openai.com/aip/plugin-1/oauth/callback/' },
        /not on the allowlist/,
      ],
      ['an http callback', { redirect_uri: 'http://chat.openai.com/aip/plugin-1/oauth/callback' }, /not on the allowlist/],
    ])('%s → 400 HTML', async (_name, overrides, problem) => {
      const response = await httpRequest(running.chatGpt().authorizeUrl(overrides));
      expect(response.status).toBe(400);
      expect(response.headers.location).toBeUndefined();
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.text).toMatch(problem);
    });

    it('shows the refused redirect_uri against the allowlist', async () => {
      const html = (
        await httpRequest(running.chatGpt().authorizeUrl({ redirect_uri: 'https://chat.openai.com/aip/plugin-1/oauth/callback/' }))
      ).text;
      expect(html).toContain('https://chat.openai.com/aip/plugin-1/oauth/callback/');
      expect(html).toContain('https://chat.openai.com/aip/*/oauth/callback');
      expect(html).toContain('https://chatgpt.com/aip/*/oauth/callback');
      expect(html).toMatch(/no trailing slash/);
    });

    it('accepts an exact redirect URI from settings, and only that one', async () => {
      await running.core.control.updateSettings({ redirectUris: ['http://localhost:9999/cb'] });
      try {
        expect((await running.chatGpt().authorize({ redirect_uri: 'http://localhost:9999/cb' })).response.status).toBe(200);
        expect((await running.chatGpt().authorize({ redirect_uri: 'http://localhost:9999/cb2' })).response.status).toBe(400);
      } finally {
        await running.core.control.updateSettings({ redirectUris: [] });
      }
    });
  });

  describe('once client and redirect_uri are valid', () => {
    it('redirects unsupported_response_type with the state', async () => {
      const state = 'state-of-the-token-request';
      const response = await httpRequest(running.chatGpt().authorizeUrl({ response_type: 'token', state }));
      expect(response.status).toBe(302);
      const location = new URL(response.headers.location!);
      expect(location.searchParams.get('error')).toBe('unsupported_response_type');
      expect(location.searchParams.get('state')).toBe(state);
    });

    it('shows a login form that works without JavaScript, with labelled fields, a Deny button and CSRF protection', async () => {
      const { response, form: page } = await running.chatGpt().authorize();
      expect(response.status).toBe(200);
      const html = response.text;
      expect(html).toMatch(/<form method="post" action="authorize"/);
      expect(html).toMatch(/<label for="email">Email<\/label><input id="email" name="email"/);
      expect(html).toMatch(/<label for="password">Password<\/label><input id="password" name="password" type="password"/);
      expect(html).toMatch(/value="deny"[^>]*>Deny</);
      expect(html).not.toMatch(/<script/);
      expect(page!.fields.csrf).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(page!.cookie).toMatch(/^hs_login=/);
      expect(page!.fields).toMatchObject({ response_type: 'code', client_id: running.client.id, scope: '' });
    });

    it('re-shows the page with an error on wrong credentials, without redirecting', async () => {
      const chatgpt = running.chatGpt();
      const result = await chatgpt.signIn(await chatgpt.openLoginForm(), { email: testUser.email, password: 'wrong password' });
      expect(result.response.status).toBe(401);
      expect(result.location).toBeNull();
      expect(result.response.text).toMatch(/Wrong email or password/);
      expect(result.response.text).toContain(`value="${testUser.email}"`);
    });

    it('redirects Deny as error=access_denied with the state', async () => {
      const chatgpt = running.chatGpt();
      const state = 'state-of-the-denied-request';
      const result = await chatgpt.signIn(await chatgpt.openLoginForm({ state }), { email: '', password: '' }, {}, 'deny');
      expect(result.response.status).toBe(302);
      expect(result.error).toBe('access_denied');
      expect(result.state).toBe(state);
      expect(result.code).toBeNull();
    });

    it('refuses a form without the CSRF cookie, or with an altered request', async () => {
      const chatgpt = running.chatGpt();
      const page = await chatgpt.openLoginForm();
      const noCookie = await chatgpt.signIn({ ...page, cookie: '' }, testUser);
      expect(noCookie.response.status).toBe(403);
      const altered = await chatgpt.signIn({ ...page, fields: { ...page.fields, state: 'other' } }, testUser);
      expect(altered.response.status).toBe(403);
      const foreignRedirect = await chatgpt.signIn(
        { ...page, fields: { ...page.fields, redirect_uri: 'https://evil.example/cb' } },
        testUser,
      );
      expect(foreignRedirect.response.status).toBe(400);
      expect(foreignRedirect.location).toBeNull();
    });

    it('issues a single-use code of at least 128 random bits bound to client, redirect_uri and user', async () => {
      const chatgpt = running.chatGpt();
      const { code } = await chatgpt.obtainCode(testUser);
      expect(Buffer.from(code.replace(/^hsc_/, ''), 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      const otherPlugin = running.chatGpt({ redirectUri: chatGptPluginCallback() });
      expect((await otherPlugin.exchangeCode(code)).json.error).toBe('invalid_grant');
    });

    it('throttles repeated failed logins, even when the right password finally comes', async () => {
      const chatgpt = running.chatGpt();
      const victim = 'throttled@example.com';
      await running.core.control.createUser({ email: victim, password: 'the-right-password' });
      const page = await chatgpt.openLoginForm();
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 7; attempt++)
        statuses.push((await chatgpt.signIn(page, { email: victim, password: `guess-${attempt}` })).response.status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      const right = await chatgpt.signIn(page, { email: victim, password: 'the-right-password' });
      expect(right.response.status).toBe(429);
      expect(right.response.text).toMatch(/Too many failed attempts/);
      // Other accounts are not locked out by it.
      expect((await chatgpt.signIn(page, testUser)).response.status).toBe(302);
    });

    it('escapes what it echoes', async () => {
      const chatgpt = running.chatGpt();
      const markup = '"><script>alert(1)</script>';
      const { response, form: page } = await chatgpt.authorize({ state: markup });
      expect(response.text).not.toContain('<script>alert(1)</script>');
      expect(page!.fields.state).toBe(markup);
      const refused = await httpRequest(chatgpt.authorizeUrl({ client_id: markup }));
      expect(refused.text).not.toContain('<script>alert(1)</script>');
      expect(refused.text).toContain('&lt;script&gt;');
    });
  });
});
