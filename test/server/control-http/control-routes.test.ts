import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControlMethodName, controlContract, controlMethodNames } from '../../../server/control/control-api';
import { type RunningControlServer, startTestControlServer } from './control-server-fixture';
import { trafficEntry } from './fake-control-api';
import { send } from './http-client';

interface RouteCase {
  /** Path with query string, as a script would call it. */
  path: string;
  body?: unknown;
  /** What the ControlApi method must receive. */
  input: unknown;
}

/** One case per contract method: a new method without a case here fails to compile. */
const cases: Record<ControlMethodName, RouteCase> = {
  getStatus: { path: '/api/status', input: undefined },
  getSettings: { path: '/api/settings', input: undefined },
  updateSettings: {
    path: '/api/settings',
    body: { scope: 'todos', manifest: { name_for_human: 'Todo' } },
    input: { scope: 'todos', manifest: { name_for_human: 'Todo' } },
  },
  getPreview: { path: '/api/preview', input: undefined },
  setPublicPort: { path: '/api/listener', body: { port: 4041 }, input: { port: 4041 } },
  getClient: { path: '/api/client', input: undefined },
  setClient: {
    path: '/api/client',
    body: { id: 'my-plugin', secret: 'a-secret-of-enough-length' },
    input: { id: 'my-plugin', secret: 'a-secret-of-enough-length' },
  },
  rotateClientSecret: { path: '/api/client/rotate-secret', input: undefined },
  listClients: { path: '/api/clients', input: undefined },
  createClient: {
    path: '/api/clients',
    body: { name: 'Inspector', redirectUris: ['http://localhost:6274/oauth/callback'] },
    // the schema's default fills in the auth method
    input: { name: 'Inspector', redirectUris: ['http://localhost:6274/oauth/callback'], tokenEndpointAuthMethod: 'client_secret_basic' },
  },
  deleteClient: { path: '/api/clients/client_1', input: { id: 'client_1' } },
  listUsers: { path: '/api/users', input: undefined },
  createUser: {
    path: '/api/users',
    body: { email: 'ada@example.com', password: 'correct horse' },
    // the schema's defaults fill in name and emailVerified
    input: { email: 'ada@example.com', password: 'correct horse', name: '', emailVerified: true },
  },
  // path param wins over a body id
  updateUser: { path: '/api/users/u1', body: { id: 'u-other', name: 'Ada' }, input: { id: 'u1', name: 'Ada' } },
  deleteUser: { path: '/api/users/u1', input: { id: 'u1' } },
  listGrants: { path: '/api/grants', input: undefined },
  revokeGrant: { path: '/api/grants/g%2F7', input: { id: 'g/7' } },
  exportHar: { path: '/api/traffic/export.har', input: undefined },
  listTraffic: {
    path: '/api/traffic?limit=20&kind=token&status=4xx&q=secret',
    input: { limit: 20, kind: 'token', status: '4xx', q: 'secret' },
  },
  getTrafficEntry: { path: '/api/traffic/t1', input: { id: 't1' } },
  clearTraffic: { path: '/api/traffic', input: undefined },
  replayTraffic: {
    path: '/api/traffic/t1/replay',
    body: { fillSecrets: true, request: { method: 'post', headers: { 'X-A': '1' } } },
    input: { id: 't1', fillSecrets: true, request: { method: 'POST', headers: { 'X-A': '1' } } },
  },
  getTunnel: { path: '/api/tunnel', input: undefined },
  startTunnel: { path: '/api/tunnel', body: { domain: 'my-plugin.ngrok.app' }, input: { domain: 'my-plugin.ngrok.app' } },
  stopTunnel: { path: '/api/tunnel', input: undefined },
  setNgrokAuthtoken: { path: '/api/tunnel/authtoken', body: { authtoken: ' tok ' }, input: { authtoken: 'tok' } },
  listFaults: { path: '/api/faults', input: undefined },
  injectFault: {
    path: '/api/faults',
    body: { kind: 'fail', target: 'token', count: 2, error: 'invalid_grant' },
    input: { kind: 'fail', target: 'token', count: 2, error: 'invalid_grant' },
  },
  clearFaults: { path: '/api/faults', input: undefined },
  listSigningKeys: { path: '/api/keys', input: undefined },
  listTokenShapes: { path: '/api/token-shapes', input: undefined },
  rotateSigningKey: { path: '/api/keys/rotate', body: {}, input: { retireNow: false } },
  runCheck: {
    path: '/api/checks',
    body: { profile: 'mcp', user: 'ada@example.com' },
    input: { profile: 'mcp', user: 'ada@example.com', classicClient: 'plugin', tokenAuth: 'post' },
  },
  listHosts: { path: '/api/hosts', input: undefined },
};

describe('control API routes, generated from controlContract', () => {
  let running: RunningControlServer;

  beforeAll(async () => {
    running = await startTestControlServer();
    // State the routes below act on: a user u1 and a traffic entry t1.
    await running.control.createUser({ email: 'grace@example.com', password: 'hunter2hunter2' });
    running.control.addTraffic(trafficEntry('t1'));
  });
  afterAll(() => running.stop());

  it.each(controlMethodNames)('%s is reachable and receives its input', async (name) => {
    const [verb] = controlContract[name].http.split(' ');
    const routeCase = cases[name];
    running.control.calls.length = 0;

    const response = await send(running.server.url, routeCase.path, { method: verb, headers: running.auth, body: routeCase.body });

    expect(response.status, response.text).toBe(controlContract[name].created ? 201 : 200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(running.control.calls).toEqual([{ name, input: routeCase.input }]);
  });

  it('answers with what the ControlApi returned', async () => {
    running.control.addTraffic(trafficEntry('t2'));
    const response = await send(running.server.url, '/api/traffic/t2', { headers: running.auth });
    expect(response.json).toMatchObject({ id: 't2', kind: 'token', path: '/oauth/token' });
  });

  it('offers the HAR export as a download', async () => {
    const response = await send(running.server.url, '/api/traffic/export.har', { headers: running.auth });
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="handshake-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.har"$/);
    expect(response.json.log.version).toBe('1.2');
  });

  it('ignores input for methods that take none', async () => {
    running.control.calls.length = 0;
    const response = await send(running.server.url, '/api/status?anything=1', { headers: running.auth });
    expect(response.status).toBe(200);
    expect(running.control.calls).toEqual([{ name: 'getStatus', input: undefined }]);
  });

  it('marks API answers as not cacheable', async () => {
    const response = await send(running.server.url, '/api/settings', { headers: running.auth });
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
