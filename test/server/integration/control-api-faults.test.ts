import { randomUUID } from 'node:crypto';
import type { FaultView } from '../../../server/control/control-api';
import { markHeader } from '../support/control-client';
import { noteOf, type PluginFixture, startPluginFixture } from '../support/plugin-fixture';

/** Fault injection through the control API, seen from ChatGPT's side and in the log. */
let plugin: PluginFixture;
beforeAll(async () => {
  plugin = await startPluginFixture();
});
afterEach(async () => {
  await plugin.api.call('DELETE', '/api/faults');
});
afterAll(async () => {
  await plugin?.close();
});

test('the next N token answers fail with the chosen OAuth error, then exchanges work again', async () => {
  const injected = await plugin.api.send('POST', '/api/faults', {
    kind: 'fail',
    target: 'token',
    count: 2,
    error: 'temporarily_unavailable',
  });
  expect(injected.status).toBe(201);
  expect(injected.json).toEqual([
    expect.objectContaining({ kind: 'fail', target: 'token', remaining: 2, error: 'temporarily_unavailable' }),
  ]);

  const { code } = await plugin.gpt.obtainCode(plugin.user);
  const mark = randomUUID();
  const first = await plugin.gpt.exchangeCode(code, {}, { headers: { [markHeader]: mark } });
  expect(first.status).toBe(503);
  expect(first.json.error).toBe('temporarily_unavailable');
  expect(noteOf(await plugin.api.entryMarked(mark), 'fault_injected').message).toContain('1 more');
  expect((await plugin.api.get<FaultView[]>('/api/faults'))[0].remaining).toBe(1);

  expect((await plugin.gpt.exchangeCode(code)).json.error).toBe('temporarily_unavailable');
  expect(await plugin.api.get<FaultView[]>('/api/faults')).toEqual([]);
  // The injected failures did not consume the code: ChatGPT's retry succeeds.
  expect((await plugin.gpt.exchangeCode(code)).status).toBe(200);
});

test('API faults with a bare HTTP status, leaving token answers alone', async () => {
  const { tokens } = await plugin.gpt.install(plugin.user);
  await plugin.api.call('POST', '/api/faults', { kind: 'fail', target: 'api', count: 1, status: 429 });
  expect((await plugin.gpt.callApi(tokens.access_token)).status).toBe(429);
  expect((await plugin.gpt.callApi(tokens.access_token)).status).toBe(200);
});

test('a delay holds the next answer back by at least delayMs, then it succeeds', async () => {
  const { tokens } = await plugin.gpt.install(plugin.user);
  await plugin.api.call('POST', '/api/faults', { kind: 'delay', target: 'api', count: 1, delayMs: 300 });
  const mark = randomUUID();
  const started = Date.now();
  const response = await plugin.gpt.callApi(tokens.access_token, '/me', { headers: { [markHeader]: mark } });
  expect(response.status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  const entry = await plugin.api.entryMarked(mark);
  expect(entry.durationMs).toBeGreaterThanOrEqual(290);
  expect(noteOf(entry, 'fault_injected').message).toContain('300 ms');
});

test('DELETE /api/faults drops pending faults', async () => {
  await plugin.api.call('POST', '/api/faults', { kind: 'fail', target: 'token', count: 5 });
  expect(await plugin.api.call('DELETE', '/api/faults')).toEqual([]);
  const { code } = await plugin.gpt.obtainCode(plugin.user);
  expect((await plugin.gpt.exchangeCode(code)).status).toBe(200);
});

test.each([
  [{ kind: 'fail', target: 'token', count: 1, error: 'invalid_grant', status: 500 }, 'status'],
  [{ kind: 'fail', target: 'token', count: 0 }, 'count'],
  [{ kind: 'fail', target: 'manifest', count: 1 }, 'target'],
  [{ kind: 'fail', target: 'token', count: 1, error: 'made_up_error' }, 'error'],
  [{ kind: 'delay', target: 'api', count: 1, delayMs: 600_000 }, 'delayMs'],
  [{ kind: 'explode' }, 'kind'],
])('POST /api/faults %j: 400 naming the field, nothing queued', async (body, field) => {
  const response = await plugin.api.send('POST', '/api/faults', body);
  expect(response.status).toBe(400);
  expect(response.json.error.field).toBe(field);
  expect(await plugin.api.get('/api/faults')).toEqual([]);
});
