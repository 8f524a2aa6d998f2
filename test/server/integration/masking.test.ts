import type { TrafficEntry, TrafficSummary } from '../../../server/traffic/traffic-entry';
import { basicAuthorization, readLoginForm } from '../../chatgpt-simulator/chatgpt-client';
import type { EventStreamReader } from '../support/event-stream';
import { httpRequest } from '../support/http-request';
import { knownClient, knownUser, type PluginFixture, startPluginFixture } from '../support/plugin-fixture';
import { readTrafficHistory } from '../support/traffic-history-files';

/**
 * Issue 3's masking promise, end to end: after a complete install with known secrets, none of them appears raw in
 * the NDJSON history, the control API's listing and entries, the live stream or the HAR export.
 */
let plugin: PluginFixture;
let stream: EventStreamReader;
const secrets = new Map<string, string>();
const wrongSecret = 'cs_WRONG_secret_typed_into_chatgpt_9876';
const wrongPassword = 'mistyped but maybe somebody else s password';

beforeAll(async () => {
  plugin = await startPluginFixture({ keepDataDir: true });
  stream = await plugin.api.openTrafficStream();
  const gpt = plugin.gpt;

  const authorize = await gpt.authorize();
  const form = readLoginForm(authorize.response);
  const mistyped = await gpt.signIn(form, { email: plugin.user.email, password: wrongPassword });
  expect(mistyped.response.status).toBe(401);
  secrets.set('CSRF token', form.fields.csrf);
  secrets.set('CSRF cookie nonce', form.cookie.split('=')[1]);
  const signedIn = await gpt.signIn(form, plugin.user);
  const code = signedIn.code!;
  secrets.set('authorization code', code);

  expect((await plugin.chatGpt({ clientSecret: wrongSecret }).exchangeCode(code)).status).toBe(401);
  const exchanged = await gpt.exchangeCode(code);
  expect(exchanged.status).toBe(200);
  secrets.set('access token', exchanged.json.access_token);
  secrets.set('refresh token', exchanged.json.refresh_token);

  expect((await gpt.callApi(exchanged.json.access_token, '/todos', { method: 'POST', body: { text: 'buy milk' } })).status).toBe(201);
  const refreshed = await plugin.chatGpt({ credentials: 'basic' }).refresh(exchanged.json.refresh_token);
  expect(refreshed.status).toBe(200);
  secrets.set('refreshed access token', refreshed.json.access_token);
  secrets.set('rotated refresh token', refreshed.json.refresh_token);
  expect((await gpt.callApi(refreshed.json.access_token, '/me')).status).toBe(200);
  await gpt.tokenRequest({ token: refreshed.json.access_token }, {}); // a misdirected introspection-style body at the token URL
  const basic = {
    Authorization: basicAuthorization(knownClient.id, knownClient.secret),
    'Content-Type': 'application/x-www-form-urlencoded',
  };
  const introspected = await httpRequest(`${plugin.publicUrl}/oauth/introspect`, {
    method: 'POST',
    headers: basic,
    body: `token=${refreshed.json.access_token}`,
  });
  expect(introspected.json.active).toBe(true);
  const revoked = await httpRequest(`${plugin.publicUrl}/oauth/revoke`, {
    method: 'POST',
    headers: basic,
    body: `token=${refreshed.json.refresh_token}`,
  });
  expect(revoked.status).toBe(200);
  expect((await gpt.exchangeCode(code)).status).toBe(400); // a replay: its error entry names the code too
  await gpt.fetchManifest();

  secrets.set('client secret', knownClient.secret);
  secrets.set('wrong client secret', wrongSecret);
  secrets.set('user password', knownUser.password);
  secrets.set('mistyped password', wrongPassword);
  secrets.set('Basic credentials', basicAuthorization(knownClient.id, knownClient.secret).slice('Basic '.length));
  await plugin.api.waitForEntry((entry) => entry.kind === 'manifest');
});

afterAll(async () => {
  stream?.close();
  await plugin?.close();
  const { rm } = await import('node:fs/promises');
  if (plugin) await rm(plugin.dataDir, { recursive: true, force: true });
});

/** Every way a secret is written in a URL, a form or JSON. */
function spellings(secret: string): string[] {
  const uri = encodeURIComponent(secret);
  return [...new Set([secret, uri, uri.replace(/%20/g, '+')])];
}

function expectNoSecrets(where: string, text: string) {
  expect(text.length, `${where} is empty`).toBeGreaterThan(0);
  for (const [name, secret] of secrets) {
    for (const spelling of spellings(secret)) {
      expect(text.includes(spelling), `${where} contains the raw ${name}`).toBe(false);
    }
  }
}

test('the known secrets were all captured by the flow', () => {
  expect(secrets.size).toBe(12);
  for (const [name, secret] of secrets) expect(secret?.length ?? 0, name).toBeGreaterThanOrEqual(8);
});

test('the control API listing and every entry show fingerprints and verdicts, never a raw secret', async () => {
  const listing = await plugin.api.send('GET', '/api/traffic');
  expectNoSecrets('GET /api/traffic', listing.text);
  const entries: TrafficEntry[] = [];
  let all = '';
  for (const summary of listing.json as TrafficSummary[]) {
    const entry = await plugin.api.send('GET', `/api/traffic/${summary.id}`);
    expectNoSecrets(`GET /api/traffic/${summary.id} (${summary.kind} ${summary.path})`, entry.text);
    entries.push(entry.json);
    all += entry.text;
  }
  expect(entries.length).toBeGreaterThanOrEqual(12);
  expect(all).toContain(`•••• ${knownClient.secret.slice(-4)} (matches the configured client secret)`);
  expect(all).toContain(`•••• ${wrongSecret.slice(-4)} (does not match the configured client secret)`);
  const basic = entries.find((entry) => entry.request.headers.authorization?.startsWith('Basic'));
  expect(basic?.request.headers.authorization).toBe(
    `Basic ${knownClient.id}:•••• ${knownClient.secret.slice(-4)} (matches the configured client secret)`,
  );
  const bearer = entries.find((entry) => entry.request.headers.authorization?.startsWith('Bearer'));
  expect(bearer?.request.headers.authorization).toMatch(/^Bearer •••• \S{4}$/);
});

test('the live stream carried every entry, masked', async () => {
  const listed = (await plugin.api.get<TrafficSummary[]>('/api/traffic')).length;
  await stream.waitFor(() => stream.messages().length >= listed, 2000);
  expectNoSecrets('the traffic stream', stream.raw());
  expect(stream.raw()).toContain('matches the configured client secret');
});

test('the HAR export is masked', async () => {
  const har = await plugin.api.send('GET', '/api/traffic/export.har');
  expect(har.json.log.entries.length).toBeGreaterThanOrEqual(12);
  expectNoSecrets('the HAR export', har.text);
  expect(har.text).toContain('does not match the configured client secret');
});

test('the NDJSON history on disk is masked', async () => {
  await plugin.core.stop(); // flushes the history
  const text = await readTrafficHistory(plugin.dataDir);
  expect(text.trim().split('\n').length).toBeGreaterThanOrEqual(12);
  expectNoSecrets('the NDJSON history', text);
  expect(text).toContain('matches the configured client secret');
});

describe('a client secret made of URL, form, JSON and HTML metacharacters', () => {
  const hostileSecret = `cs_Hostile!~'()*+&%="<>/\\sec;ret#x?y`;
  const hostileSpellings = [
    hostileSecret,
    encodeURIComponent(hostileSecret),
    new URLSearchParams({ s: hostileSecret }).toString().slice(2),
    JSON.stringify(hostileSecret).slice(1, -1),
    basicAuthorization('hostile-client', hostileSecret).slice('Basic '.length),
  ];

  test('is masked in every encoding ChatGPT may send it in, and in the manifest when pasted as verification token', async () => {
    const hostile = await startPluginFixture({ client: { id: 'hostile-client', secret: hostileSecret } });
    try {
      const variants = [
        { encoding: 'form' as const },
        { encoding: 'json' as const },
        { encoding: 'form' as const, credentials: 'basic' as const },
        { encoding: 'json' as const, credentials: 'basic' as const },
      ];
      for (const variant of variants) {
        const gpt = hostile.chatGpt({ clientId: 'hostile-client', clientSecret: hostileSecret, ...variant });
        const { code } = await gpt.obtainCode(hostile.user);
        expect((await gpt.exchangeCode(code)).status, JSON.stringify(variant)).toBe(200);
      }
      await hostile.api.call('PATCH', '/api/settings', { verificationToken: hostileSecret });
      expect((await hostile.gpt.fetchManifest()).json.auth.verification_tokens.openai).toBe(hostileSecret);
      const manifest = await hostile.api.waitForEntry((entry) => entry.kind === 'manifest');
      expect(manifest.notes.map((note) => note.code)).toContain('verification_token_is_client_secret');

      const shown = [JSON.stringify(await hostile.api.trafficEntries()), (await hostile.api.send('GET', '/api/traffic/export.har')).text];
      await hostile.core.stop();
      shown.push(await readTrafficHistory(hostile.dataDir));
      for (const text of shown) {
        expect(text).toContain('matches the configured client secret');
        for (const spelling of hostileSpellings) expect(text.includes(spelling), `raw secret spelled ${spelling}`).toBe(false);
      }
    } finally {
      await hostile.close();
    }
  });
});
