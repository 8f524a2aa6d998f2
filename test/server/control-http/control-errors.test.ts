import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ControlError } from '../../../server/control/control-error';
import { type RunningControlServer, startTestControlServer } from './control-server-fixture';
import { send } from './http-client';

describe('control API errors', () => {
  let running: RunningControlServer;

  beforeAll(async () => {
    running = await startTestControlServer();
  });
  afterAll(() => running.stop());
  beforeEach(() => {
    running.control.calls.length = 0;
    running.control.failures.clear();
    running.logs.length = 0;
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') =>
    send(running.server.url, path, { method, headers: { ...running.auth, ...headers }, body });

  describe('validation', () => {
    it.each([
      ['POST', '/api/users', { email: 'not-an-email', password: 'long enough' }, 'email'],
      ['POST', '/api/users', { email: 'ada@example.com', password: 'short' }, 'password'],
      ['PUT', '/api/listener', { port: 'abc' }, 'port'],
      ['PUT', '/api/listener', { port: 70000 }, 'port'],
      ['PATCH', '/api/settings', { manifest: { name_for_model: 'has spaces' } }, 'manifest.name_for_model'],
      ['PUT', '/api/client', { id: 'my-plugin', secret: 'short' }, 'secret'],
      ['POST', '/api/faults', { kind: 'fail', target: 'token', count: 0 }, 'count'],
    ])('%s %s with a bad field answers 400 naming it', async (method, path, body, field) => {
      const response = await post(path, body, {}, method);
      expect(response.status).toBe(400);
      expect(response.json.error).toMatchObject({ code: 'invalid_input', field });
      expect(response.json.error.message).toContain(field);
      expect(running.control.calls).toEqual([]);
    });

    it('validates query input: GET /api/traffic?limit=0', async () => {
      const response = await send(running.server.url, '/api/traffic?limit=0', { headers: running.auth });
      expect(response.status).toBe(400);
      expect(response.json.error.field).toBe('limit');
    });

    it('refuses a repeated query parameter by name', async () => {
      const response = await send(running.server.url, '/api/traffic?kind=token&kind=api', { headers: running.auth });
      expect(response.status).toBe(400);
      expect(response.json.error.field).toBe('kind');
    });

    it('refuses unknown fields', async () => {
      const response = await post('/api/users', { email: 'ada@example.com', password: 'long enough', admin: true });
      expect(response.status).toBe(400);
      expect(response.json.error.message).toMatch(/admin/);
    });
  });

  describe('ControlError passes through with its status', () => {
    it('409 on a duplicate user', async () => {
      expect((await post('/api/users', { email: 'dup@example.com', password: 'long enough' })).status).toBe(201);
      const response = await post('/api/users', { email: 'dup@example.com', password: 'long enough' });
      expect(response.status).toBe(409);
      expect(response.json).toEqual({
        error: { code: 'conflict', message: 'a user with email dup@example.com already exists', field: 'email' },
      });
    });

    it('404 for an unknown traffic entry', async () => {
      const response = await send(running.server.url, '/api/traffic/nope', { headers: running.auth });
      expect(response.status).toBe(404);
      expect(response.json.error.code).toBe('not_found');
    });

    it('404 for an unknown user on DELETE', async () => {
      const response = await send(running.server.url, '/api/users/nope', { method: 'DELETE', headers: running.auth });
      expect(response.status).toBe(404);
    });
  });

  describe('any other error', () => {
    it('answers 500 "internal error" without detail and logs the detail server-side', async () => {
      const failure = new Error('database exploded at /secret/path');
      running.control.failures.set('getSettings', failure);
      const response = await send(running.server.url, '/api/settings', { headers: running.auth });
      expect(response.status).toBe(500);
      expect(response.json).toEqual({ error: { code: 'failed', message: 'internal error' } });
      expect(response.text).not.toMatch(/exploded|secret|at .*\.ts/);
      expect(running.logs.join('\n')).toMatch(/getSettings.*database exploded/s);
    });

    it('treats a thrown non-Error the same way', async () => {
      running.control.failures.set('getStatus', 'a string');
      const response = await send(running.server.url, '/api/status', { headers: running.auth });
      expect(response.status).toBe(500);
      expect(response.json).toEqual({ error: { code: 'failed', message: 'internal error' } });
    });

    it('passes a ControlError thrown by a method unchanged', async () => {
      running.control.failures.set('startTunnel', new ControlError('conflict', 'the tunnel is already starting'));
      const response = await post('/api/tunnel', {});
      expect(response.status).toBe(409);
      expect(response.json.error.message).toBe('the tunnel is already starting');
    });
  });

  describe('bodies', () => {
    it('malformed JSON answers 400 and calls nothing', async () => {
      const response = await post('/api/users', '{"email": "ada@example.com",', { 'Content-Type': 'application/json' });
      expect(response.status).toBe(400);
      expect(response.json.error.code).toBe('invalid_input');
      expect(response.json.error.message).toMatch(/not valid JSON/);
      expect(response.text).not.toMatch(/at .*node_modules/);
      expect(running.control.calls).toEqual([]);
    });

    it('a body that is not JSON answers 400 saying what to send', async () => {
      const response = await post('/api/users', 'email=ada%40example.com&password=long+enough', {
        'Content-Type': 'application/x-www-form-urlencoded',
      });
      expect(response.status).toBe(400);
      expect(response.json.error.message).toMatch(/Content-Type: application\/json/);
    });

    it('a body without a content type answers 400', async () => {
      const response = await post('/api/users', '{"email":"ada@example.com"}');
      expect(response.status).toBe(400);
    });

    it('a JSON array or primitive answers 400', async () => {
      expect((await post('/api/users', [{ email: 'ada@example.com' }])).json.error.message).toMatch(/JSON object/);
      expect((await post('/api/users', '42', { 'Content-Type': 'application/json' })).status).toBe(400);
    });

    it('a body over 1 MB answers 400', async () => {
      const response = await post('/api/settings', { scope: 'x'.repeat(1024 * 1024 + 10) }, {}, 'PATCH');
      expect(response.status).toBe(400);
      expect(response.json.error.message).toMatch(/larger than 1 MB/);
      expect(running.control.calls).toEqual([]);
    });

    it('no body at all is an empty input', async () => {
      const response = await send(running.server.url, '/api/tunnel', { method: 'POST', headers: running.auth });
      expect(response.status).toBe(200);
      expect(running.control.calls).toEqual([{ name: 'startTunnel', input: {} }]);
    });

    it('GET and DELETE take the query and ignore a body', async () => {
      const response = await send(running.server.url, '/api/traffic?kind=api', {
        method: 'DELETE',
        headers: { ...running.auth, 'Content-Type': 'text/plain' },
        body: 'ignored',
      });
      expect(response.status).toBe(200);
      expect(running.control.calls).toEqual([{ name: 'clearTraffic', input: undefined }]);
      const listed = await send(running.server.url, '/api/traffic?kind=api', { headers: running.auth, body: { kind: 'token' } });
      expect(listed.status).toBe(200);
      expect(running.control.calls[1]).toEqual({ name: 'listTraffic', input: { kind: 'api' } });
    });

    it('application/merge-patch+json is JSON too', async () => {
      const response = await post('/api/settings', '{"scope":"todos"}', { 'Content-Type': 'application/merge-patch+json' }, 'PATCH');
      expect(response.status).toBe(200);
      expect(running.control.calls).toEqual([{ name: 'updateSettings', input: { scope: 'todos' } }]);
    });
  });

  describe('unknown routes', () => {
    it('an unknown /api path answers 404 JSON', async () => {
      const response = await send(running.server.url, '/api/nope', { headers: running.auth });
      expect(response.status).toBe(404);
      expect(response.json).toEqual({ error: { code: 'not_found', message: 'No control route GET /api/nope.' } });
    });

    it('a badly encoded path parameter answers 400, not 500', async () => {
      const response = await send(running.server.url, '/api/users/%E0%A4%A', { method: 'DELETE', headers: running.auth });
      expect(response.status).toBe(400);
      expect(response.json.error.code).toBe('invalid_input');
      expect(running.control.calls).toEqual([]);
    });

    it('a known path with another verb answers 404 JSON', async () => {
      const response = await send(running.server.url, '/api/status', { method: 'POST', headers: running.auth });
      expect(response.status).toBe(404);
      expect(response.json.error.code).toBe('not_found');
    });
  });
});
