import { randomUUID } from 'node:crypto';
import { markHeader } from '../support/control-client';
import { usePluginFixture } from '../support/plugin-fixture';

/** One install is one flow: authorize → sign-in → token → API → refresh carry the same flowId in the log. */
const plugin = usePluginFixture();

test('every request of one install carries the same flowId, and another install gets another one', async () => {
  const mark = randomUUID();
  const headers = { [markHeader]: mark };
  const gpt = plugin.gpt;

  const { form } = await gpt.authorize({}, headers);
  expect(form).not.toBeNull();
  const signedIn = await gpt.signIn(form!, plugin.user, headers);
  expect(signedIn.response.status).toBe(302);
  expect(signedIn.location?.origin + signedIn.location!.pathname).toBe(gpt.redirectUri);
  const exchanged = await gpt.exchangeCode(signedIn.code!, {}, { headers });
  expect(exchanged.status).toBe(200);
  expect((await gpt.callApi(exchanged.json.access_token, '/todos', { headers })).status).toBe(200);
  const refreshed = await gpt.refresh(exchanged.json.refresh_token, {}, { headers });
  expect(refreshed.status).toBe(200);
  expect((await gpt.callApi(refreshed.json.access_token, '/me', { headers })).status).toBe(200);

  await plugin.api.waitForEntry((entry) => entry.request.headers[markHeader] === mark && entry.path === '/me');
  const entries = (await plugin.api.trafficEntries()).filter((entry) => entry.request.headers[markHeader] === mark).reverse();
  expect(entries.map((entry) => entry.kind)).toEqual(['authorize', 'login', 'token', 'api', 'token', 'api']);
  const flowIds = new Set(entries.map((entry) => entry.flowId));
  expect(flowIds.size).toBe(1);
  const [flowId] = flowIds;
  expect(flowId).toBe(form!.fields.flow_id);
  expect(flowId).toMatch(/^flw_/);
  for (const entry of entries.slice(1)) {
    expect(entry.clientId).toBe(plugin.gpt.options.clientId);
    expect(entry.userEmail).toBe(plugin.user.email);
  }

  // The listing filters by flow, and a second install is a different flow.
  const byFlow = await plugin.api.get<{ id: string }[]>(`/api/traffic?flowId=${encodeURIComponent(flowId!)}`);
  expect(byFlow.map((summary) => summary.id).sort()).toEqual(entries.map((entry) => entry.id).sort());
  const second = await gpt.install(plugin.user);
  expect(second.flowId).not.toBe(flowId);
});
