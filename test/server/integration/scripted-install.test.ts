import type { Status } from '../../../server/control/control-api';
import type { UserView } from '../../../server/store/records';
import type { Har } from '../../../server/traffic/har';
import type { TrafficEntry } from '../../../server/traffic/traffic-entry';
import { ChatGptClient } from '../../chatgpt-simulator/chatgpt-client';
import type { StreamMessage } from '../support/event-stream';
import { startTestCore, type TestCore } from '../support/test-core';

/**
 * Issue 3's "Done when": a script does through the control API everything the seed's developer does by hand —
 * set the credentials and the verification token, add a user, watch ChatGPT's install live, export it, remove the
 * user. ChatGPT is played by the simulator; everything on Handshake's side is the real headless core.
 */
let handshake: TestCore;
beforeAll(async () => {
  handshake = await startTestCore();
});
afterAll(async () => {
  await handshake?.close();
});

const entryOf = (message: StreamMessage) => JSON.parse(message.data) as TrafficEntry;

test('set credentials and verification token, add a user, watch the install live, export it, remove the user', async () => {
  const api = handshake.api;
  const stream = await api.openTrafficStream();
  try {
    // 1. What to paste into ChatGPT: the domain, then the client ID and secret.
    const status = await api.get<Status>('/api/status');
    expect(status.manifestUrl).toBe(`${handshake.publicUrl}/.well-known/ai-plugin.json`);
    const credentials = { id: 'todo-plugin', secret: 'cs_scripted_SECRET_0011223344556677' };
    expect(await api.call('PUT', '/api/client', credentials)).toMatchObject(credentials);
    const chatGpt = new ChatGptClient({ publicUrl: handshake.publicUrl, clientId: credentials.id, clientSecret: credentials.secret });

    // 2. ChatGPT finds the manifest; the log says the verification token is still missing.
    expect((await chatGpt.fetchManifest()).status).toBe(200);
    const early = entryOf(await stream.waitFor((message) => entryOf(message).kind === 'manifest', 1000));
    expect(early.notes.map((note) => note.code)).toContain('verification_token_missing');

    // 3. The wizard shows a verification token; the script puts it in the manifest, then ChatGPT verifies it.
    const verificationToken = '5e1d0c7a9b8f4e3d2c1b0a9f8e7d6c5b';
    await api.call('PATCH', '/api/settings', { verificationToken });
    const verified = await chatGpt.fetchManifest();
    expect(verified.json.auth.verification_tokens.openai).toBe(verificationToken);
    expect(verified.json.auth.client_url).toBe(`${handshake.publicUrl}/oauth/authorize`);
    expect(verified.json.auth.authorization_url).toBe(`${handshake.publicUrl}/oauth/token`);
    const manifests = () =>
      stream
        .messages()
        .map(entryOf)
        .filter((entry) => entry.kind === 'manifest');
    await stream.waitFor(() => manifests().length === 2, 1000);
    expect(
      manifests()[1]
        .notes.map((note) => note.code)
        .filter((code) => code.startsWith('verification_token')),
    ).toEqual([]);

    // 4. A user to sign in as.
    const user = { email: 'tester@example.com', password: 'scripted tester password', name: 'Tester' };
    const created = await api.send('POST', '/api/users', user);
    expect(created.status).toBe(201);
    const userId = (created.json as UserView).id;

    // 5. ChatGPT installs the plugin and calls the API; the script watches each step arrive on the stream.
    const before = stream.messages().length;
    const installed = await chatGpt.install(user);
    expect((await chatGpt.callApi(installed.tokens.access_token, '/todos', { method: 'POST', body: { text: 'ship it' } })).status).toBe(
      201,
    );
    await stream.waitFor(
      () =>
        stream
          .messages()
          .slice(before)
          .some((message) => entryOf(message).kind === 'api'),
      1000,
    );
    const live = stream.messages().slice(before).map(entryOf);
    expect(live.map((entry) => entry.kind)).toEqual(['authorize', 'login', 'token', 'api']);
    expect(new Set(live.map((entry) => entry.flowId))).toEqual(new Set([installed.flowId]));
    expect(live.every((entry) => entry.notes.every((note) => note.level !== 'error'))).toBe(true);
    expect(live[2].userEmail).toBe(user.email);

    // 6. Export the install as HAR, filtered to its flow by the script.
    const har = await api.get<Har>('/api/traffic/export.har');
    const flow = har.log.entries.filter((entry) => entry._flowId === installed.flowId);
    expect(flow.map((entry) => entry._kind)).toEqual(['authorize', 'login', 'token', 'api']);
    expect(flow.map((entry) => entry.response.status)).toEqual([200, 302, 200, 201]);
    expect(JSON.stringify(har)).not.toContain(credentials.secret);
    expect(JSON.stringify(har)).not.toContain(installed.tokens.access_token);

    // 7. Remove the user: ChatGPT's token stops working at once, and the stream says why.
    expect(await api.call('DELETE', `/api/users/${userId}`)).toEqual({ deleted: true, revokedGrants: 1 });
    expect((await chatGpt.callApi(installed.tokens.access_token, '/todos')).status).toBe(401);
    const refused = entryOf(await stream.waitFor((message) => entryOf(message).status === 401, 1000));
    expect(refused.notes.map((note) => note.code)).toContain('user_removed');
    expect(await api.get('/api/grants')).toEqual([]);
  } finally {
    stream.close();
  }
});
