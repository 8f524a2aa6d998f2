import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { httpRequest } from '../support/http-request';
import { usePluginFixture } from '../support/plugin-fixture';

/** Issue 19: OpenID Connect on the same server, the pieces ChatGPT and OpenAI's review rely on. */
describe('OpenID Connect', () => {
  const running = usePluginFixture();
  const issuer = () => running.publicUrl;

  async function tokens(scope: string) {
    const { code } = await running.gpt.obtainCode(running.user, { scope });
    return (await running.gpt.exchangeCode(code)).json as { access_token: string; id_token?: string; refresh_token: string };
  }

  it('discovery is the RFC 8414 document plus what relying parties need', async () => {
    const oauth = (await httpRequest(`${issuer()}/.well-known/oauth-authorization-server`)).json;
    const openid = (await httpRequest(`${issuer()}/.well-known/openid-configuration`)).json;
    expect(openid).toMatchObject(oauth);
    expect(openid).toMatchObject({
      issuer: issuer(),
      jwks_uri: `${issuer()}/oauth/jwks.json`,
      userinfo_endpoint: `${issuer()}/oauth/userinfo`,
      id_token_signing_alg_values_supported: ['RS256'],
      subject_types_supported: ['public'],
      claims_supported: expect.arrayContaining(['sub', 'email', 'email_verified', 'name', 'nonce', 'auth_time']),
      scopes_supported: expect.arrayContaining(['openid', 'email', 'profile']),
    });
  });

  it('issues an id_token only when openid is granted, also on refresh', async () => {
    expect((await tokens('email')).id_token).toBeUndefined();
    const granted = await tokens('openid email');
    expect(decodeJwt(granted.id_token!)).toMatchObject({ aud: running.client.id, sub: running.user.id, email_verified: true });
    const refreshed = (await running.gpt.refresh(granted.refresh_token)).json;
    expect(decodeJwt(refreshed.id_token)).toMatchObject({ aud: running.client.id, sub: running.user.id });
  });

  it('UserInfo answers GET and POST with the scopes’ claims, with CORS; no token gets an RFC 6750 challenge', async () => {
    const { access_token } = await tokens('openid email');
    const bearer = { authorization: `Bearer ${access_token}`, origin: 'https://chatgpt.com' };
    const viaGet = await httpRequest(`${issuer()}/oauth/userinfo`, { headers: bearer });
    expect(viaGet.status).toBe(200);
    expect(viaGet.json).toEqual({ sub: running.user.id, email: running.user.email, email_verified: true });
    expect(viaGet.headers['access-control-allow-origin']).toBeDefined();
    const viaPost = await httpRequest(`${issuer()}/oauth/userinfo`, { method: 'POST', headers: bearer, body: '' });
    expect(viaPost.json).toEqual(viaGet.json);
    const anonymous = await httpRequest(`${issuer()}/oauth/userinfo`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer /);
    const forged = await httpRequest(`${issuer()}/oauth/userinfo`, { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' } });
    expect(forged.status).toBe(401);
    expect(forged.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  });

  it('says email_verified: false for a user the developer marked unverified', async () => {
    await running.api.call('PATCH', `/api/users/${running.user.id}`, { emailVerified: false });
    try {
      const { access_token, id_token } = await tokens('openid email');
      expect(decodeJwt(id_token!).email_verified).toBe(false);
      const info = await httpRequest(`${issuer()}/oauth/userinfo`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(info.json.email_verified).toBe(false);
    } finally {
      await running.api.call('PATCH', `/api/users/${running.user.id}`, { emailVerified: true });
    }
  });

  it('prompt=none: no session, so login_required goes back to the client with state and iss', async () => {
    const response = await httpRequest(running.gpt.authorizeUrl({ prompt: 'none', state: 'xyz', scope: 'openid' }));
    expect(response.status).toBe(302);
    const location = new URL(String(response.headers.location));
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ error: 'login_required', state: 'xyz', iss: issuer() });
  });

  it('id_token_hint: a hint Handshake signed prefills the email; a foreign one is ignored', async () => {
    const { id_token } = await tokens('openid email');
    const hinted = await httpRequest(running.gpt.authorizeUrl({ id_token_hint: id_token, scope: 'openid' }));
    expect(hinted.status).toBe(200);
    expect(hinted.text).toContain(`value="${running.user.email}"`);
    const foreign = await httpRequest(
      running.gpt.authorizeUrl({ id_token_hint: 'eyJhbGciOiJub25lIn0.eyJlbWFpbCI6Im1AeC5pbyJ9.', scope: 'openid' }),
    );
    expect(foreign.status).toBe(200);
    expect(foreign.text).not.toContain('m@x.io');
  });

  it('introspection: a caller on this machine needs no credentials; through the tunnel it learns nothing without them', async () => {
    const { access_token } = await tokens('openid');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const local = await httpRequest(`${issuer()}/oauth/introspect`, { method: 'POST', headers: form, body: `token=${access_token}` });
    expect(local.json).toMatchObject({
      active: true,
      iss: issuer(),
      aud: issuer(),
      sub: running.user.id,
      client_id: running.client.id,
      scope: 'openid',
      exp: expect.any(Number),
      iat: expect.any(Number),
    });
    const tunnelled = await httpRequest(`${issuer()}/oauth/introspect`, {
      method: 'POST',
      headers: { ...form, 'x-forwarded-for': '203.0.113.9', host: 'someone.ngrok.app' },
      body: `token=${access_token}`,
    });
    expect(tunnelled.status, tunnelled.text).toBe(400);
    expect(tunnelled.json).toEqual({ error: 'invalid_request', error_description: 'client_id is required' });
    expect(JSON.stringify(tunnelled.json)).not.toContain(running.user.id);
  });

  it('opaque access tokens still work everywhere Handshake stands', async () => {
    await running.api.call('PATCH', '/api/settings', { accessTokenFormat: 'opaque' });
    try {
      const { access_token } = await tokens('openid email');
      expect(access_token).toMatch(/^hsa_/);
      const info = await httpRequest(`${issuer()}/oauth/userinfo`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(info.json.sub).toBe(running.user.id);
      expect((await running.gpt.callApi(access_token)).status).toBe(200);
    } finally {
      await running.api.call('PATCH', '/api/settings', { accessTokenFormat: 'jwt' });
    }
  });
});
