import { afterAll, beforeAll, expect, test } from 'vitest';
import { markedRequest } from '../support/control-client';
import { httpRequest } from '../support/http-request';
import { knownClient, type PluginFixture, startPluginFixture } from '../support/plugin-fixture';
import { waitForTrafficHistory } from '../support/traffic-history-files';

/**
 * A secret Handshake knows is masked wherever it sits, not only in the fields and headers where secrets belong: the
 * user part of Basic credentials, any header, a query parameter's name or value, an innocuous body field, or inside a
 * longer value. Checked where a user can see it: GET /api/traffic/:id, the HAR export and traffic/*.ndjson.
 */
let plugin: PluginFixture;
let tokens: { access_token: string; refresh_token: string };
const marks: string[] = [];
const basic = (user: string, secret = '') => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

beforeAll(async () => {
  plugin = await startPluginFixture();
  tokens = (await plugin.gpt.install(plugin.user)).tokens;
});

afterAll(async () => {
  await plugin?.close();
});

async function sendMarked(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<string> {
  const { mark, headers } = markedRequest();
  await httpRequest(`${plugin.publicUrl}${path}`, { ...init, headers: { ...headers, ...init.headers } });
  marks.push(mark);
  return mark;
}

/** The entry as the control API shows it, its HAR export, and the history line on disk. */
async function everywhere(mark: string): Promise<{ entry: string; har: string; history: string }> {
  const entry = await plugin.api.entryMarked(mark);
  const shown = await plugin.api.send('GET', `/api/traffic/${entry.id}`);
  expect(shown.status).toBe(200);
  const har = await plugin.api.send('GET', '/api/traffic/export.har');
  const history = await waitForTrafficHistory(plugin.dataDir, (text) => text.includes(entry.id));
  return { entry: shown.text, har: har.text, history: history.split('\n').find((line) => line.includes(entry.id)) ?? '' };
}

function expectMasked(where: { entry: string; har: string; history: string }, secrets: string[]): void {
  for (const [place, text] of Object.entries(where)) {
    expect(text.length, place).toBeGreaterThan(0);
    for (const secret of secrets) expect(text.includes(secret), `${place} holds a raw secret`).toBe(false);
  }
}

test('an access token as the user part of Basic credentials', async () => {
  const mark = await sendMarked('/me', { headers: { authorization: basic(tokens.access_token) } });
  const shown = await everywhere(mark);
  expectMasked(shown, [tokens.access_token]);
  expect(JSON.parse(shown.entry).request.headers.authorization).toContain(`•••• ${tokens.access_token.slice(-4)}`);
});

test('a refresh token in an arbitrary header, in a fixed-format header, and inside a longer value', async () => {
  const mark = await sendMarked('/me', {
    headers: {
      authorization: `Bearer ${tokens.access_token}`,
      'x-debug': tokens.refresh_token,
      accept: `application/json;q=${tokens.refresh_token}`,
      'user-agent': `probe/1.0 (${tokens.refresh_token}-copy)`,
    },
  });
  expectMasked(await everywhere(mark), [tokens.refresh_token, tokens.access_token]);
});

test('tokens in query parameter names and values and in body fields that are not named as secrets', async () => {
  const query = `?note=prefix${tokens.access_token}&${tokens.refresh_token}=1`;
  const mark = await sendMarked(`/todos${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: `remember ${tokens.refresh_token}`, [tokens.access_token]: 'as a key' }),
  });
  expectMasked(await everywhere(mark), [tokens.refresh_token, tokens.access_token]);
});

test('the configured client secret in an arbitrary header and as the user part of Basic credentials', async () => {
  const mark = await sendMarked('/me', {
    headers: { 'x-client': `secret=${knownClient.secret};`, authorization: basic(knownClient.secret, 'x') },
  });
  expectMasked(await everywhere(mark), [knownClient.secret]);
});

test('a password typed into the login form, repeated in a header of the same request', async () => {
  const form = await plugin.gpt.openLoginForm();
  const { mark, headers } = markedRequest();
  await plugin.gpt.signIn(form, plugin.user, { ...headers, 'x-echo': `pw:${plugin.user.password}` });
  expectMasked(await everywhere(mark), [plugin.user.password]);
});

test('every request here was recorded', () => {
  expect(marks.length).toBeGreaterThanOrEqual(4);
});
