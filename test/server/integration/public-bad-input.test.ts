import { type HttpRequest, httpRequest } from '../support/http-request';
import { type PluginFixture, startPluginFixture } from '../support/plugin-fixture';

/** Malformed requests to the public listener of a real core: a clear 4xx, never a 500 or a stack trace. */
let plugin: PluginFixture;
let accessToken: string;
beforeAll(async () => {
  plugin = await startPluginFixture();
  accessToken = (await plugin.gpt.install(plugin.user)).tokens.access_token;
});
afterAll(async () => {
  await plugin?.close();
});

const json = (body: string): HttpRequest => ({ method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

test.each<[string, string, () => HttpRequest]>([
  ['token: JSON null', '/oauth/token', () => json('null')],
  ['token: a JSON array', '/oauth/token', () => json('[1,2]')],
  ['token: a JSON string', '/oauth/token', () => json('"text"')],
  ['token: broken JSON', '/oauth/token', () => json('{"grant_type":')],
  [
    'token: fields of the wrong types',
    '/oauth/token',
    () => json('{"grant_type":["authorization_code"],"client_id":5,"client_secret":{"a":1},"code":7}'),
  ],
  [
    'token: a repeated form field',
    '/oauth/token',
    () => ({ method: 'POST', body: 'grant_type=a&grant_type=b', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
  ],
  ['authorize: a bad %-escape in the query', '/oauth/authorize?%E0%A4%A=1', () => ({})],
  [
    'sign-in: a bad %-escape in the form',
    '/oauth/authorize',
    () => ({ method: 'POST', body: 'a=%E0%A4%A', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
  ],
  [
    'API: a bad %-escape in a path parameter',
    '/todos/%E0%A4%A',
    () => ({ method: 'DELETE', headers: { Authorization: `Bearer ${accessToken}` } }),
  ],
  [
    'API: broken JSON',
    '/todos',
    () => ({ method: 'POST', body: '{bad', headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' } }),
  ],
])('%s: 4xx with a plain answer, logged with a note', async (_name, path, init) => {
  const response = await httpRequest(plugin.publicUrl + path, init());
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  const entry = await plugin.api.waitForEntry((candidate) => candidate.path === path.split('?')[0] && candidate.status === response.status);
  expect(entry.status).toBeLessThan(500);
});

test('nothing above answered 5xx', async () => {
  expect(await plugin.api.get('/api/traffic?status=5xx')).toEqual([]);
});
