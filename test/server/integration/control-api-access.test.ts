import type { ControlEvent, Status } from '../../../server/control/control-api';
import { openEventStream } from '../support/event-stream';
import { httpRequest } from '../support/http-request';
import { usePluginFixture } from '../support/plugin-fixture';

/** Who may talk to the control API of a real core, and what it says about itself. */
const plugin = usePluginFixture();

const routes: [string, string][] = [
  ['GET', '/api/status'],
  ['GET', '/api/settings'],
  ['PATCH', '/api/settings'],
  ['GET', '/api/client'],
  ['PUT', '/api/client'],
  ['POST', '/api/client/rotate-secret'],
  ['GET', '/api/users'],
  ['POST', '/api/users'],
  ['DELETE', '/api/users/usr_x'],
  ['GET', '/api/grants'],
  ['GET', '/api/traffic'],
  ['GET', '/api/traffic/export.har'],
  ['DELETE', '/api/traffic'],
  ['POST', '/api/faults'],
  ['GET', '/api/tunnel'],
];

test.each(routes)('%s %s without the bearer token, or with a wrong one: 401 and nothing changed', async (method, path) => {
  const clientBefore = await plugin.api.get('/api/client');
  const none = await httpRequest(plugin.controlUrl + path, { method, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
  expect(none.status).toBe(401);
  expect(none.json.error.code).toBe('unauthorized');
  const wrong = await httpRequest(plugin.controlUrl + path, {
    method,
    headers: { Authorization: `Bearer ${'x'.repeat(plugin.token.length)}` },
  });
  expect(wrong.status).toBe(401);
  expect(await plugin.api.get('/api/client')).toEqual(clientBefore);
});

test.each(['/api/traffic/stream', '/api/events'])('the event stream %s refuses a missing token', async (path) => {
  const stream = await openEventStream(plugin.controlUrl + path, {});
  try {
    expect(stream.status).toBe(401);
  } finally {
    stream.close();
  }
});

test('a foreign Host (DNS rebinding) is refused even with the token', async () => {
  const response = await plugin.api.send('GET', '/api/client', undefined, { Host: `evil.example:${new URL(plugin.controlUrl).port}` });
  expect(response.status).toBe(403);
  expect(response.json.error.code).toBe('forbidden');
  expect(response.text).not.toContain(plugin.gpt.options.clientSecret);
});

test('a foreign Origin is refused even with the token; our own origin is accepted', async () => {
  const foreign = await plugin.api.send('POST', '/api/client/rotate-secret', undefined, { Origin: 'https://evil.example' });
  expect(foreign.status).toBe(403);
  expect((await plugin.api.get('/api/client')).secret).toBe(plugin.gpt.options.clientSecret);
  const own = await plugin.api.send('GET', '/api/status', undefined, { Origin: plugin.controlUrl });
  expect(own.status).toBe(200);
});

test('the public listener carries no control route, not even with the token', async () => {
  for (const path of ['/api/status', '/api/client', '/api/traffic', '/api/users']) {
    const response = await httpRequest(plugin.publicUrl + path, { headers: plugin.api.authorization });
    expect(response.status).toBe(404);
    expect(response.text).not.toContain(plugin.gpt.options.clientSecret);
  }
});

test('GET /api/status names the local, manifest and control URLs of this core', async () => {
  const status = await plugin.api.get<Status>('/api/status');
  expect(status.mode).toBe('headless');
  expect(status.localUrl).toBe(plugin.publicUrl);
  expect(status.listener).toEqual({ state: 'listening', port: Number(new URL(plugin.publicUrl).port), error: null });
  expect(status.manifestUrl).toBe(`${plugin.publicUrl}/.well-known/ai-plugin.json`);
  expect(status.controlUrl).toBe(plugin.controlUrl);
  expect(status.dataDir).toBe(plugin.dataDir);
  expect(status.tunnel.state).toBe('off');
  expect(status.publicUrl).toBeNull();
  expect(status.warnings.join(' ')).toMatch(/public https URL/);
});

test('GET /api/preview shows the manifest as served and what ChatGPT would refuse', async () => {
  const preview = await plugin.api.get('/api/preview');
  const served = await plugin.gpt.fetchManifest();
  expect(preview.manifest).toEqual(served.json);
  expect(preview.openapi).toContain('openapi:');
  expect(preview.lint.map((problem: { field: string }) => problem.field)).toEqual(
    expect.arrayContaining(['verificationToken', 'publicUrl']),
  );
});

test('unknown routes and ids answer 404 naming what was missing', async () => {
  expect((await plugin.api.send('GET', '/api/nothing-here')).status).toBe(404);
  const user = await plugin.api.send('DELETE', '/api/users/usr_missing');
  expect(user.status).toBe(404);
  expect(user.json.error).toMatchObject({ code: 'not_found', field: 'id' });
  expect((await plugin.api.send('GET', '/api/traffic/no-such-entry')).status).toBe(404);
  expect((await plugin.api.send('DELETE', '/api/grants/grt_missing')).status).toBe(404);
});

test('GET /api/events pushes state changes and traffic as they happen', async () => {
  const events = await openEventStream(`${plugin.controlUrl}/api/events`, plugin.api.authorization);
  try {
    expect(events.status).toBe(200);
    const parsed = () => events.messages().map((message) => JSON.parse(message.data) as ControlEvent);
    await plugin.api.call('PATCH', '/api/settings', { scope: 'todos' });
    await events.waitFor(() => parsed().some((event) => event.type === 'changed' && event.resource === 'settings'), 1000);
    await plugin.gpt.fetchManifest();
    await events.waitFor(() => parsed().some((event) => event.type === 'traffic' && event.entry.kind === 'manifest'), 1000);
    await plugin.api.call('POST', '/api/users', { email: 'events@example.com', password: 'long enough password' });
    await events.waitFor(() => parsed().some((event) => event.type === 'changed' && event.resource === 'users'), 1000);
  } finally {
    events.close();
    await plugin.api.call('PATCH', '/api/settings', { scope: '' });
  }
});
