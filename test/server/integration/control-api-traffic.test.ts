import { randomUUID } from 'node:crypto';
import type { Har } from '../../../server/traffic/har';
import type { TrafficEntry, TrafficSummary } from '../../../server/traffic/traffic-entry';
import { markHeader } from '../support/control-client';
import { type PluginFixture, startPluginFixture } from '../support/plugin-fixture';
import { readTrafficHistory, waitForTrafficHistory } from '../support/traffic-history-files';

/** The traffic endpoints of the control API over what a real core recorded. */
let plugin: PluginFixture;
let installFlowId: string;
beforeAll(async () => {
  plugin = await startPluginFixture();
  const installed = await plugin.gpt.install(plugin.user);
  installFlowId = installed.flowId;
  await plugin.gpt.callApi(installed.tokens.access_token, '/todos');
  await plugin.gpt.callApi('hsa_unknown_token_for_a_401_0000000000');
  await plugin.gpt.fetchManifest();
  await plugin.api.waitForEntry((entry) => entry.kind === 'manifest');
});
afterAll(async () => {
  await plugin?.close();
});

const list = (query: string) => plugin.api.get<TrafficSummary[]>(`/api/traffic?${query}`);

describe('GET /api/traffic filters', () => {
  test('newest first, summaries without headers or bodies', async () => {
    const all = await list('');
    expect(all.length).toBeGreaterThanOrEqual(6);
    const times = all.map((summary) => summary.time);
    expect([...times].sort().reverse()).toEqual(times);
    expect(Object.keys(all[0])).not.toContain('request');
    expect(Object.keys(all[0])).not.toContain('response');
  });

  test('kind', async () => {
    const tokens = await list('kind=token');
    expect(tokens.length).toBeGreaterThanOrEqual(1);
    expect(tokens.every((summary) => summary.kind === 'token')).toBe(true);
    expect((await list('kind=manifest')).length).toBeGreaterThanOrEqual(1);
  });

  test('status, exact and by class', async () => {
    const clientErrors = await list('status=4xx');
    expect(clientErrors.length).toBeGreaterThanOrEqual(1);
    expect(clientErrors.every((summary) => summary.status >= 400 && summary.status < 500)).toBe(true);
    const unauthorized = await list('status=401');
    expect(unauthorized.map((summary) => summary.kind)).toContain('api');
    expect(unauthorized.every((summary) => summary.status === 401)).toBe(true);
    expect((await list('status=302')).map((summary) => summary.kind)).toEqual(['login']);
  });

  test('q searches paths, notes, client ids and emails; a failed request carries its headline', async () => {
    const byNote = await list('q=access_token_unknown');
    expect(byNote).toHaveLength(1);
    expect(byNote[0]).toMatchObject({ status: 401, worstNote: 'error' });
    expect(byNote[0].headline).toContain('does not know this access token');
    expect((await list(`q=${encodeURIComponent(plugin.user.email)}`)).length).toBeGreaterThanOrEqual(3);
    expect((await list('q=%2Ftodos')).every((summary) => summary.path === '/todos')).toBe(true);
    expect(await list('q=nothing-matches-this-text')).toEqual([]);
  });

  test('flowId and limit', async () => {
    const flow = await list(`flowId=${encodeURIComponent(installFlowId)}`);
    expect(flow.map((summary) => summary.kind).sort()).toEqual(['api', 'authorize', 'login', 'token']);
    expect(await list('limit=2')).toHaveLength(2);
  });

  test.each([
    ['status=abc', 'status'],
    ['kind=banana', 'kind'],
    ['limit=0', 'limit'],
    ['unknown=1', ''],
  ])('GET /api/traffic?%s: 400 naming the field', async (query, field) => {
    const response = await plugin.api.send('GET', `/api/traffic?${query}`);
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('invalid_input');
    if (field) expect(response.json.error.field).toBe(field);
  });
});

test('GET /api/traffic/:id is the full entry: headers, bodies, notes', async () => {
  const [summary] = await list('kind=token');
  const entry = await plugin.api.get<TrafficEntry>(`/api/traffic/${summary.id}`);
  expect(entry).toMatchObject({ id: summary.id, kind: 'token', method: 'POST', path: '/oauth/token', status: 200, flowId: installFlowId });
  expect(entry.request.headers['content-type']).toBe('application/json');
  expect(entry.request.body?.parsed).toMatchObject({ grant_type: 'authorization_code', client_id: plugin.gpt.options.clientId });
  expect(entry.response.body?.parsed).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
});

test('GET /api/traffic/export.har is HAR 1.2 with every entry, masked', async () => {
  const response = await plugin.api.send('GET', '/api/traffic/export.har');
  expect(response.status).toBe(200);
  const har = response.json as Har;
  expect(har.log.version).toBe('1.2');
  expect(har.log.creator.name).toBe('Handshake');
  const listed = await list('');
  expect(har.log.entries).toHaveLength(listed.length);
  for (const entry of har.log.entries) {
    expect(Date.parse(entry.startedDateTime)).not.toBeNaN();
    expect(entry.time).toBeGreaterThanOrEqual(0);
    expect(entry.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(Array.isArray(entry.request.headers)).toBe(true);
    expect(Array.isArray(entry.request.queryString)).toBe(true);
    expect(typeof entry.response.status).toBe('number');
    expect(typeof entry.response.content.mimeType).toBe('string');
    expect(entry.timings).toEqual(
      expect.objectContaining({ send: expect.any(Number), wait: expect.any(Number), receive: expect.any(Number) }),
    );
  }
  const token = har.log.entries.find((entry) => entry._kind === 'token')!;
  expect(token.request.method).toBe('POST');
  expect(token.request.postData?.mimeType).toBe('application/json');
  expect(token.request.postData?.text).toContain('matches the configured client secret');
  expect(token._flowId).toBe(installFlowId);
  const unauthorized = har.log.entries.find((entry) => entry.response.status === 401)!;
  expect(unauthorized._notes.map((note) => note.code)).toContain('access_token_unknown');
  expect(response.text).not.toContain(plugin.gpt.options.clientSecret);
  expect(response.text).not.toContain(plugin.user.password);
});

test('GET /api/traffic/stream delivers an entry within a second of a public request', async () => {
  const stream = await plugin.api.openTrafficStream();
  try {
    expect(stream.status).toBe(200);
    const mark = randomUUID();
    const sentAt = Date.now();
    await plugin.gpt.fetchManifest({ [markHeader]: mark });
    const message = await stream.waitFor((candidate) => candidate.data.includes(mark), 1000);
    expect(Date.now() - sentAt).toBeLessThan(1000);
    expect(message.event).toBe('traffic');
    const entry = JSON.parse(message.data) as TrafficEntry;
    expect(entry).toMatchObject({ kind: 'manifest', status: 200, path: '/.well-known/ai-plugin.json' });
  } finally {
    stream.close();
  }
});

test('DELETE /api/traffic empties the list, the history files and the HAR; new requests are logged again', async () => {
  const before = (await list('')).length;
  const lastId = (await list('limit=1'))[0].id;
  await waitForTrafficHistory(plugin.dataDir, (text) => text.includes(lastId));

  const cleared = await plugin.api.send('DELETE', '/api/traffic');
  expect(cleared.status).toBe(200);
  expect(cleared.json).toEqual({ cleared: before });
  expect(await list('')).toEqual([]);
  expect((await plugin.api.get<Har>('/api/traffic/export.har')).log.entries).toEqual([]);
  expect(await readTrafficHistory(plugin.dataDir)).toBe('');

  const mark = randomUUID();
  await plugin.gpt.fetchManifest({ [markHeader]: mark });
  await plugin.api.entryMarked(mark);
  expect(await list('')).toHaveLength(1);
});
