import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotate } from '../../../server/traffic/annotations';
import type { Har } from '../../../server/traffic/har';
import { harEntryOf } from '../../../server/traffic/traffic-har';
import { configuredSecret, type RecordedApp, startRecordedApp } from './recorded-app';
import { sampleEntry } from './sample-entry';

let app: RecordedApp;
let har: Har;

beforeAll(async () => {
  app = await startRecordedApp(
    (express) => {
      express.get('/oauth/authorize', (_req, res) => res.type('html').send('<form></form>'));
      express.post('/oauth/authorize', (_req, res) => {
        annotate(res, { flowId: 'flow-7' });
        res.redirect(302, 'https://chat.openai.com/aip/p/oauth/callback?code=code-0123456789abcdef&state=s1');
      });
      express.post('/oauth/token', (_req, res) => res.json({ access_token: 'at-0123456789abcdef', token_type: 'bearer', expires_in: 59 }));
    },
    { log: { appVersion: '9.8.7' } },
  );
  await fetch(`${app.url}/oauth/authorize?response_type=code&client_id=client-1&scope=&state=s1`, {
    headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'demo.ngrok.app' },
  });
  await fetch(`${app.url}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'email=ada%40example.com&password=correct-horse-battery',
  });
  await fetch(`${app.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'authorization_code', client_secret: configuredSecret, code: 'code-0123456789abcdef' }),
  });
  await app.entry((entry) => entry.kind === 'token');
  har = JSON.parse(JSON.stringify(app.log.toHar())) as Har;
});
afterAll(() => app.close());

describe('HAR export', () => {
  it('is HAR 1.2 with Handshake as the creator and one entry per request, oldest first', () => {
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'Handshake', version: '9.8.7' });
    expect(har.log.entries.map((entry) => entry._kind)).toEqual(['authorize', 'login', 'token']);
  });

  it('has every field HAR 1.2 requires, with the right types', () => {
    for (const entry of har.log.entries) {
      expect(new Date(entry.startedDateTime).toISOString()).toBe(entry.startedDateTime);
      expect(entry.time).toBeGreaterThanOrEqual(0);
      expect(entry.cache).toEqual({});
      expect(entry.timings).toEqual({ send: 0, wait: entry.time, receive: 0 });
      const { request, response } = entry;
      expect(request).toMatchObject({ httpVersion: 'HTTP/1.1', cookies: [], headersSize: -1 });
      expect(typeof request.method).toBe('string');
      expect(() => new URL(request.url)).not.toThrow();
      expect(
        Array.isArray(request.headers) && request.headers.every((h) => typeof h.name === 'string' && typeof h.value === 'string'),
      ).toBe(true);
      expect(Array.isArray(request.queryString)).toBe(true);
      expect(typeof request.bodySize).toBe('number');
      expect(response).toMatchObject({ httpVersion: 'HTTP/1.1', cookies: [], headersSize: -1 });
      expect(typeof response.status).toBe('number');
      expect(typeof response.statusText).toBe('string');
      expect(typeof response.content.size).toBe('number');
      expect(typeof response.content.mimeType).toBe('string');
      expect(typeof response.redirectURL).toBe('string');
      expect(Array.isArray(entry._notes)).toBe(true);
    }
  });

  it('rebuilds the URL from the forwarded host and keeps the query as name/value pairs', () => {
    const [authorize] = har.log.entries;
    expect(authorize.request.url).toBe('https://demo.ngrok.app/oauth/authorize?response_type=code&client_id=client-1&scope=&state=s1');
    expect(authorize.request.queryString).toContainEqual({ name: 'scope', value: '' });
    expect(authorize._notes.map((note) => note.code)).toEqual(['scope_empty']);
    expect(authorize.response.content).toMatchObject({ mimeType: 'text/html; charset=utf-8', text: '<form></form>', size: 13 });
  });

  it('carries masked post data, the masked redirect URL and the flow id', () => {
    const [, login, token] = har.log.entries;
    expect(login.request.postData).toEqual({
      mimeType: 'application/x-www-form-urlencoded',
      text: 'email=ada%40example.com&password=••••',
    });
    expect(login.response.status).toBe(302);
    expect(login.response.statusText).toBe('Found');
    expect(login.response.redirectURL).toBe('https://chat.openai.com/aip/p/oauth/callback?code=•••• cdef&state=s1');
    expect(login._flowId).toBe('flow-7');
    expect(token.request.postData?.text).toContain('"client_secret":"•••• 5b4a (matches the configured client secret)"');
    expect(token._notes.map((note) => note.code)).toContain('no_refresh_token');
    expect(JSON.stringify(har)).not.toContain('code-0123456789abcdef');
    expect(JSON.stringify(har)).not.toContain(configuredSecret);
  });

  it('gives an aborted request status 0 and a request without a kept body no postData', () => {
    const entry = harEntryOf(sampleEntry({ status: 0, request: { headers: {}, body: null }, response: { headers: {}, body: null } }));
    expect(entry.request.postData).toBeUndefined();
    expect(entry.request.url).toBe('http://localhost/oauth/token');
    expect(entry.response).toMatchObject({ status: 0, statusText: '', content: { size: 0, mimeType: '' }, bodySize: 0 });
  });
});
