import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { markHeader } from '../support/control-client';
import { noteOf, type PluginFixture, startPluginFixture } from '../support/plugin-fixture';
import { startRecordedApp } from '../traffic/recorded-app';

/** Diagnoses of what came back: HTML where ChatGPT parses JSON, a token answer without a refresh token. */

describe('through the real core and the gateway', () => {
  let plugin: PluginFixture;
  let upstream: Server;

  beforeAll(async () => {
    plugin = await startPluginFixture();
    // The developer's API answering with a login page, as a misconfigured framework or a proxy would.
    upstream = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Sign in</title><form>Please sign in</form>');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await plugin?.close();
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  test('an API answer in HTML: html_instead_of_json on the API entry', async () => {
    const { tokens } = await plugin.gpt.install(plugin.user);
    await plugin.api.call('PATCH', '/api/settings', { upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
    try {
      const mark = randomUUID();
      const response = await plugin.gpt.callApi(tokens.access_token, '/me', { headers: { [markHeader]: mark } });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      const entry = await plugin.api.entryMarked(mark);
      expect(entry.kind).toBe('api');
      expect(noteOf(entry, 'html_instead_of_json').message).toContain('HTML page');
    } finally {
      await plugin.api.call('PATCH', '/api/settings', { upstream: '' });
    }
  });

  test('the built-in API answers JSON: no html_instead_of_json', async () => {
    const { tokens } = await plugin.gpt.install(plugin.user);
    const mark = randomUUID();
    expect((await plugin.gpt.callApi(tokens.access_token, '/me', { headers: { [markHeader]: mark } })).status).toBe(200);
    expect((await plugin.api.entryMarked(mark)).notes).toEqual([]);
  });
});

/**
 * Handshake's own token endpoint always sends a refresh token, and the gateway only forwards API requests, so
 * no request to the real core can produce a token answer without one. The diagnosis is proven on the traffic
 * recorder the core mounts, in front of a token endpoint that behaves like the servers developers report.
 */
describe('at the traffic recorder (no path through the real core answers a token request without a refresh token)', () => {
  test('a token answer with expires_in but no refresh_token: no_refresh_token', async () => {
    const app = await startRecordedApp((routes) => {
      routes.post('/oauth/token', (_req, res) => {
        res.json({ access_token: 'at_without_refresh_0123456789', token_type: 'bearer', expires_in: 59 });
      });
    });
    try {
      const response = await fetch(`${app.url}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ grant_type: 'authorization_code', code: 'code_0123456789', client_id: 'c', client_secret: 's_0123456789' }),
      });
      expect(response.status).toBe(200);
      const entry = await app.entry((candidate) => candidate.kind === 'token');
      expect(noteOf(entry, 'no_refresh_token').message).toContain('expires_in 59');
      expect(JSON.stringify(entry)).not.toContain('at_without_refresh_0123456789');
    } finally {
      await app.close();
    }
  });

  test('a token answer with a refresh token: no such note', async () => {
    const app = await startRecordedApp((routes) => {
      routes.post('/oauth/token', (_req, res) => {
        res.json({ access_token: 'at_0123456789', token_type: 'bearer', expires_in: 59, refresh_token: 'rt_0123456789' });
      });
    });
    try {
      await fetch(`${app.url}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"grant_type":"refresh_token"}',
      });
      const entry = await app.entry((candidate) => candidate.kind === 'token');
      expect(entry.notes.map((note) => note.code)).not.toContain('no_refresh_token');
    } finally {
      await app.close();
    }
  });
});
