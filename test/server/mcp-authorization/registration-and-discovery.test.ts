import { describe, expect, it } from 'vitest';
import { httpRequest } from '../support/http-request';
import { useMcpFixture } from './mcp-fixture';

describe('dynamic client registration (RFC 7591)', () => {
  const mcp = useMcpFixture();
  const register = (body: unknown, headers: Record<string, string> = {}) =>
    httpRequest(`${mcp.plugin.publicUrl}/oauth/register`, { method: 'POST', body, headers });

  it('a public client gets no secret; a confidential one a secret that never expires; metadata is echoed and the client persists', async () => {
    const publicClient = await register({
      redirect_uris: ['http://127.0.0.1:6274/callback'],
      token_endpoint_auth_method: 'none',
      client_name: 'Inspector',
      application_type: 'native',
      scope: 'a b',
      software_id: 'kept',
    });
    expect(publicClient.status).toBe(201);
    expect(publicClient.headers['cache-control']).toBe('no-store');
    expect(publicClient.json).toMatchObject({
      client_name: 'Inspector',
      application_type: 'native',
      scope: 'a b',
      software_id: 'kept',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    });
    expect(publicClient.json.client_id_issued_at).toBeGreaterThan(0);
    expect(publicClient.json).not.toHaveProperty('client_secret');

    const confidential = await register({ redirect_uris: ['https://app.example/cb'] });
    expect(confidential.json).toMatchObject({ token_endpoint_auth_method: 'client_secret_basic', client_secret_expires_at: 0 });
    expect(confidential.json.client_secret).toMatch(/^hss_/);

    const restarted = await mcp.plugin.restart();
    try {
      const listed = await restarted.api.call<{ id: string; kind: string; secretFingerprint: string | null }[]>('GET', '/api/clients');
      expect(listed.find((client) => client.id === confidential.json.client_id)).toMatchObject({
        kind: 'dcr',
        secretFingerprint: `•••• ${confidential.json.client_secret.slice(-4)}`,
      });
      const raw = JSON.stringify(listed);
      expect(raw).not.toContain(confidential.json.client_secret);
    } finally {
      mcp.plugin = Object.assign(mcp.plugin, restarted);
    }
  });

  it.each([
    [{ redirect_uris: ['http://example.com/cb'] }, 'invalid_redirect_uri', /http is allowed only for loopback/],
    [{ redirect_uris: ['https://example.com/cb#frag'] }, 'invalid_redirect_uri', /fragment/],
    [{ redirect_uris: [] }, 'invalid_redirect_uri', /at least one redirect URI/],
    [{}, 'invalid_redirect_uri', /redirect_uris/],
    [
      { redirect_uris: ['https://example.com/cb'], token_endpoint_auth_method: 'private_key_jwt' },
      'invalid_client_metadata',
      /private_key_jwt.*jwks or jwks_uri/,
    ],
    [
      { redirect_uris: ['https://example.com/cb'], token_endpoint_auth_method: 'client_secret_jwt' },
      'invalid_client_metadata',
      /not supported/,
    ],
    [
      { redirect_uris: ['https://example.com/cb'], token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'http://example.com/jwks' },
      'invalid_client_metadata',
      /jwks_uri: must be an https URL/,
    ],
    [
      {
        redirect_uris: ['https://example.com/cb'],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [] },
        jwks_uri: 'https://x/j',
      },
      'invalid_client_metadata',
      /not both/,
    ],
    [{ redirect_uris: ['javascript:alert(1)//'] }, 'invalid_redirect_uri', /javascript: can never be a redirect target/],
    [{ redirect_uris: ['data:text/html,hi'] }, 'invalid_redirect_uri', /data: can never be a redirect target/],
    [{ redirect_uris: ['https://example.com/cb'], grant_types: ['client_credentials'] }, 'invalid_client_metadata', /client_credentials/],
    [[1, 2], 'invalid_client_metadata', /./],
  ])('refuses %j with %s', async (body, error, description) => {
    const answer = await register(body);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe(error);
    expect(answer.json.error_description).toMatch(description);
  });

  it('refuses a body that is not JSON with invalid_client_metadata', async () => {
    expect((await register('{not json', { 'content-type': 'application/json' })).json).toMatchObject({ error: 'invalid_client_metadata' });
    expect((await register('redirect_uris=x', { 'content-type': 'application/x-www-form-urlencoded' })).json).toMatchObject({
      error: 'invalid_client_metadata',
    });
  });
});

describe('discovery and CORS', () => {
  const mcp = useMcpFixture();

  it('issuer, every iss and the protected resource’s authorization server are one string: the public base URL from the tunnel or proxy', async () => {
    const forwarded = { 'x-forwarded-host': 'abc.ngrok.app', 'x-forwarded-proto': 'https' };
    const metadata = await httpRequest(`${mcp.plugin.publicUrl}/.well-known/oauth-authorization-server`, { headers: forwarded });
    expect(metadata.json.issuer).toBe('https://abc.ngrok.app');
    const resource = await httpRequest(`${mcp.plugin.publicUrl}/.well-known/oauth-protected-resource`, { headers: forwarded });
    expect(resource.json).toMatchObject({ resource: 'https://abc.ngrok.app/mcp', authorization_servers: ['https://abc.ngrok.app'] });
    expect(resource.json).not.toHaveProperty('scopes_supported');
  });

  it('scopes_supported: the configured scopes in the resource metadata; the authorization server adds the OpenID Connect ones and offline_access', async () => {
    await mcp.plugin.api.call('PATCH', '/api/settings', { scope: 'todos.read offline_access' });
    try {
      const resourceScopes = (await httpRequest(`${mcp.plugin.publicUrl}/.well-known/oauth-protected-resource/mcp`)).json.scopes_supported;
      expect(resourceScopes).toEqual(['todos.read']);
      for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
        expect((await httpRequest(`${mcp.plugin.publicUrl}${path}`)).json.scopes_supported).toEqual([
          'todos.read',
          'openid',
          'email',
          'profile',
          'offline_access',
        ]);
      }
    } finally {
      await mcp.plugin.api.call('PATCH', '/api/settings', { scope: '' });
    }
  });

  it('metadata, token, register, revoke and introspect answer CORS (with preflight); the login page does not', async () => {
    const origin = { origin: 'http://localhost:6274' };
    for (const path of [
      '/.well-known/oauth-authorization-server',
      '/.well-known/oauth-protected-resource',
      '/oauth/token',
      '/oauth/register',
      '/oauth/revoke',
      '/oauth/introspect',
    ]) {
      const preflight = await httpRequest(`${mcp.plugin.publicUrl}${path}`, {
        method: 'OPTIONS',
        headers: {
          ...origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'mcp-protocol-version, content-type',
        },
      });
      expect(preflight.status, path).toBeLessThan(300);
      expect(preflight.headers['access-control-allow-origin'], path).toBe('*');
      expect(String(preflight.headers['access-control-allow-headers']).toLowerCase(), path).toContain('mcp-protocol-version');
    }
    expect(
      (await httpRequest(`${mcp.plugin.publicUrl}/.well-known/oauth-authorization-server`, { headers: origin })).headers[
        'access-control-allow-origin'
      ],
    ).toBe('*');
    const token = await httpRequest(`${mcp.plugin.publicUrl}/oauth/token`, {
      method: 'POST',
      headers: { ...origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=x',
    });
    expect(token.headers['access-control-allow-origin']).toBe('*');
    const login = await httpRequest(`${mcp.plugin.publicUrl}/oauth/authorize?client_id=x`, { headers: origin });
    expect(login.headers['access-control-allow-origin']).toBeUndefined();
    const control = await httpRequest(`${mcp.plugin.controlUrl}/api/status`, { headers: origin });
    expect(control.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('no discovery or registration route sits behind the gateway’s bearer check when an upstream API is set', async () => {
    await mcp.plugin.api.call('PATCH', '/api/settings', { upstream: 'http://127.0.0.1:9/api' });
    try {
      for (const path of [
        '/.well-known/oauth-authorization-server',
        '/.well-known/oauth-protected-resource',
        '/.well-known/oauth-protected-resource/mcp',
      ]) {
        expect((await httpRequest(`${mcp.plugin.publicUrl}${path}`)).status, path).toBe(200);
      }
      const registered = await httpRequest(`${mcp.plugin.publicUrl}/oauth/register`, {
        method: 'POST',
        body: { redirect_uris: ['https://a.example/cb'], token_endpoint_auth_method: 'none' },
      });
      expect(registered.status).toBe(201);
    } finally {
      await mcp.plugin.api.call('PATCH', '/api/settings', { upstream: '' });
    }
  });
});
