import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlServer } from '../../../server/control/http/control-server';
import { type RunningControlServer, startTestControlServer } from './control-server-fixture';
import { send } from './http-client';

describe('control API security', () => {
  let running: RunningControlServer;
  let port: string;

  beforeAll(async () => {
    running = await startTestControlServer();
    port = new URL(running.server.url).port;
  });
  afterAll(() => running.stop());

  it('listens on 127.0.0.1 and hands out the dashboard URL with the token in the fragment', () => {
    expect(running.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.server.dashboardUrl).toBe(`${running.server.url}/#token=${running.server.token}`);
  });

  describe('bearer token', () => {
    it('refuses a request without a token with 401 and does not call the API', async () => {
      running.control.calls.length = 0;
      const response = await send(running.server.url, '/api/settings');
      expect(response.status).toBe(401);
      expect(response.json.error.code).toBe('unauthorized');
      expect(response.json.error.message).toMatch(/Authorization: Bearer/);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(running.control.calls).toEqual([]);
    });

    it.each([
      ['a wrong token', () => 'Bearer wrong-token-wrong-token-wrong-token-xx'],
      [
        'the token with one character changed',
        () => `Bearer ${running.server.token.slice(0, -1)}${running.server.token.endsWith('A') ? 'B' : 'A'}`,
      ],
      ['the token as a prefix of a longer one', () => `Bearer ${running.server.token}x`],
      ['another scheme', () => `Basic ${running.server.token}`],
      ['the bare token', () => running.server.token],
    ])('refuses %s', async (_label, header) => {
      const response = await send(running.server.url, '/api/users', {
        method: 'POST',
        headers: { Authorization: header() },
        body: { email: 'x@example.com', password: 'long enough' },
      });
      expect(response.status).toBe(401);
      expect(response.json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect(running.control.calls.filter((call) => call.name === 'createUser')).toEqual([]);
    });

    it('refuses unauthenticated requests to unknown /api paths with 401 too (no route discovery)', async () => {
      expect((await send(running.server.url, '/api/nope')).status).toBe(401);
    });

    it('accepts the scheme in any case', async () => {
      const response = await send(running.server.url, '/api/status', { headers: { Authorization: `bearer ${running.server.token}` } });
      expect(response.status).toBe(200);
    });
  });

  describe('Host check (DNS rebinding)', () => {
    it.each([
      ['evil.com:PORT'],
      ['127.0.0.1.nip.io:PORT'],
      ['127.0.0.1:1'],
      ['127.0.0.1'],
      ['localhost'],
      ['0.0.0.0:PORT'],
      ['127.0.0.2:PORT'],
    ])('refuses Host: %s with 403, even with the right token', async (host) => {
      running.control.calls.length = 0;
      const response = await send(running.server.url, '/api/status', { headers: { ...running.auth, Host: host.replace('PORT', port) } });
      expect(response.status).toBe(403);
      expect(response.json.error.code).toBe('forbidden');
      expect(response.json.error.message).toMatch(/Host/);
      expect(running.control.calls).toEqual([]);
    });

    it.each([['127.0.0.1:PORT'], ['localhost:PORT'], ['LOCALHOST:PORT'], ['[::1]:PORT']])('accepts Host: %s', async (host) => {
      const response = await send(running.server.url, '/api/status', { headers: { ...running.auth, Host: host.replace('PORT', port) } });
      expect(response.status).toBe(200);
    });

    it('applies to the dashboard too', async () => {
      const response = await send(running.server.url, '/', { headers: { Host: `evil.com:${port}` } });
      expect(response.status).toBe(403);
    });
  });

  describe('Origin check (CSRF)', () => {
    it.each([['http://evil.com'], ['null'], ['http://127.0.0.1:1'], ['https://127.0.0.1:PORT'], ['http://127.0.0.1.nip.io:PORT']])(
      'refuses Origin: %s with 403',
      async (origin) => {
        running.control.calls.length = 0;
        const response = await send(running.server.url, '/api/client/rotate-secret', {
          method: 'POST',
          headers: { ...running.auth, Origin: origin.replace('PORT', port) },
        });
        expect(response.status).toBe(403);
        expect(response.json.error.code).toBe('forbidden');
        expect(running.control.calls).toEqual([]);
      },
    );

    it.each([['http://127.0.0.1:PORT'], ['http://localhost:PORT']])('accepts our own Origin %s', async (origin) => {
      const response = await send(running.server.url, '/api/client/rotate-secret', {
        method: 'POST',
        headers: { ...running.auth, Origin: origin.replace('PORT', port) },
      });
      expect(response.status).toBe(200);
    });

    it('accepts requests without Origin (scripts)', async () => {
      expect((await send(running.server.url, '/api/client', { headers: running.auth })).status).toBe(200);
    });
  });

  it('sends security headers', async () => {
    const response = await send(running.server.url, '/', {});
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(response.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses to listen anywhere but 127.0.0.1', async () => {
    await expect(
      startControlServer({ control: running.control, port: 0, dataDir: running.dataDir, host: '0.0.0.0' as '127.0.0.1' }),
    ).rejects.toThrow(/127\.0\.0\.1 only/);
  });
});
