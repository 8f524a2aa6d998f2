import { rm } from 'node:fs/promises';
import type { UserView } from '../../../server/store/records';
import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { ChatGptClient } from '../../chatgpt-simulator/chatgpt-client';
import { knownClient, startPluginFixture } from '../support/plugin-fixture';
import { startTestCore } from '../support/test-core';
import { waitForTrafficHistory } from '../support/traffic-history-files';

/** Stop the core, start a new one on the same data dir: history, credentials, users and tokens are all still there. */
test('a restart reloads the traffic history, and tokens issued before it keep working', async () => {
  const first = await startPluginFixture({ keepDataDir: true });
  const dataDir = first.dataDir;
  let second: Awaited<ReturnType<typeof startTestCore>> | null = null;
  try {
    const { tokens, flowId } = await first.gpt.install(first.user);
    expect((await first.gpt.callApi(tokens.access_token)).status).toBe(200);
    await first.api.waitForEntry((entry) => entry.kind === 'api');
    const before = await first.api.get<TrafficSummary[]>('/api/traffic');
    const usersBefore = await first.api.get<UserView[]>('/api/users');
    const redirectUri = first.gpt.redirectUri;
    await first.close();

    second = await startTestCore({ dataDir });
    expect(second.token).toBe(first.token);
    const after = await second.api.get<TrafficSummary[]>('/api/traffic');
    expect(after.map((summary) => summary.id)).toEqual(before.map((summary) => summary.id));
    const reloadedFlow = await second.api.get<TrafficSummary[]>(`/api/traffic?flowId=${flowId}`);
    expect(reloadedFlow.map((summary) => summary.kind).sort()).toEqual(['api', 'authorize', 'login', 'token']);
    const detail = await second.api.get(`/api/traffic/${after[0].id}`);
    expect(detail.request.headers.authorization).toMatch(/^Bearer ••••/);

    expect((await second.api.get('/api/client')).secret).toBe(knownClient.secret);
    const usersAfter = await second.api.get<UserView[]>('/api/users');
    expect(usersAfter.map((user) => user.id)).toEqual(usersBefore.map((user) => user.id));
    expect(usersAfter.map((user) => user.email)).toContain(first.user.email);

    const gpt = new ChatGptClient({ publicUrl: second.publicUrl, clientId: knownClient.id, clientSecret: knownClient.secret, redirectUri });
    expect((await gpt.callApi(tokens.access_token)).status).toBe(200);
    const refreshed = await gpt.refresh(tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    expect((await gpt.callApi(refreshed.json.access_token)).status).toBe(200);
    await second.api.waitForEntry(
      (entry) =>
        entry.kind === 'token' &&
        entry.request.body?.parsed !== null &&
        (entry.request.body?.parsed as { grant_type?: string } | undefined)?.grant_type === 'refresh_token',
    );
    expect((await second.api.get<TrafficSummary[]>(`/api/traffic?flowId=${flowId}`)).length).toBeGreaterThan(reloadedFlow.length);
  } finally {
    await second?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('history cleared with DELETE /api/traffic stays cleared after a restart', async () => {
  const first = await startPluginFixture({ keepDataDir: true });
  const dataDir = first.dataDir;
  let second: Awaited<ReturnType<typeof startTestCore>> | null = null;
  try {
    await first.gpt.install(first.user);
    const token = await first.api.waitForEntry((entry) => entry.kind === 'token');
    await waitForTrafficHistory(dataDir, (text) => text.includes(token.id));
    await first.api.call('DELETE', '/api/traffic');
    await first.gpt.fetchManifest();
    await first.api.waitForEntry((entry) => entry.kind === 'manifest');
    await first.close();

    second = await startTestCore({ dataDir });
    expect((await second.api.get<TrafficSummary[]>('/api/traffic')).map((summary) => summary.kind)).toEqual(['manifest']);
  } finally {
    await second?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
