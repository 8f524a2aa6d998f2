import { markedRequest } from '../support/control-client';
import { knownClient, noteOf, usePluginFixture } from '../support/plugin-fixture';

/** Issue 3's client diagnoses, each triggered through the real core by the request that causes it. */
const plugin = usePluginFixture();

const wrongSecret = 'cs_wrong_SECRET_that_is_long_enough_42';

async function freshCode(): Promise<string> {
  return (await plugin.gpt.obtainCode(plugin.user)).code;
}

test('a wrong client secret in the body: client_secret_mismatch, says "in the request body", shows fingerprints and the verdict', async () => {
  const { mark, headers } = markedRequest();
  const response = await plugin.chatGpt({ clientSecret: wrongSecret }).exchangeCode(await freshCode(), {}, { headers });
  expect(response.status).toBe(401);
  expect(response.json.error).toBe('invalid_client');

  const entry = await plugin.api.entryMarked(mark);
  expect(entry.kind).toBe('token');
  const note = noteOf(entry, 'client_secret_mismatch');
  expect(note.level).toBe('error');
  expect(note.message).toContain('in the request body');
  expect(note.message).toContain(wrongSecret.slice(-4));
  expect(note.message).not.toContain(wrongSecret);
  expect((entry.request.body?.parsed as Record<string, string> | undefined)?.client_secret).toMatch(
    /does not match the configured client secret/,
  );
});

test('a wrong client secret in a Basic header: client_secret_mismatch, says "Basic Authorization header"', async () => {
  const { mark, headers } = markedRequest();
  const response = await plugin
    .chatGpt({ clientSecret: wrongSecret, credentials: 'basic' })
    .exchangeCode(await freshCode(), {}, { headers });
  expect(response.status).toBe(401);
  expect(response.headers['www-authenticate']).toMatch(/^Basic/);

  const entry = await plugin.api.entryMarked(mark);
  const note = noteOf(entry, 'client_secret_mismatch');
  expect(note.message).toContain('in the Basic Authorization header');
  expect(entry.request.headers.authorization).toContain(knownClient.id);
  expect(entry.request.headers.authorization).toMatch(/does not match the configured client secret/);
});

test('the right secret in a Basic header is accepted, and the log says it matches', async () => {
  const { mark, headers } = markedRequest();
  const response = await plugin.chatGpt({ credentials: 'basic' }).exchangeCode(await freshCode(), {}, { headers });
  expect(response.status).toBe(200);
  const entry = await plugin.api.entryMarked(mark);
  expect(entry.request.headers.authorization).toMatch(/matches the configured client secret/);
  expect(entry.notes.filter((note) => note.level === 'error')).toEqual([]);
});

test('no client secret at all: client_secret_missing', async () => {
  const { mark, headers } = markedRequest();
  const response = await plugin.gpt.exchangeCode(await freshCode(), { client_secret: undefined }, { headers });
  expect(response.status).toBe(401);
  expect(response.json.error).toBe('invalid_client');
  const entry = await plugin.api.entryMarked(mark);
  expect(noteOf(entry, 'client_secret_missing').level).toBe('error');
});

test('an unknown client at the token endpoint: unknown_client naming the id received and the one configured', async () => {
  const { mark, headers } = markedRequest();
  const response = await plugin.chatGpt({ clientId: 'someone-else' }).exchangeCode(await freshCode(), {}, { headers });
  expect(response.status).toBe(401);
  expect(response.json.error).toBe('invalid_client');
  const note = noteOf(await plugin.api.entryMarked(mark), 'unknown_client');
  expect(note.message).toContain('"someone-else"');
  expect(note.message).toContain(knownClient.id);
});

test('an unknown client at authorize: an HTML error page (never a redirect) and unknown_client', async () => {
  const { mark, headers } = markedRequest();
  const { response, form } = await plugin.chatGpt({ clientId: 'someone-else' }).authorize({}, headers);
  expect(response.status).toBe(400);
  expect(response.headers['content-type']).toMatch(/^text\/html/);
  expect(response.headers.location).toBeUndefined();
  expect(form?.fields.csrf).toBeUndefined();
  const entry = await plugin.api.entryMarked(mark);
  expect(entry.kind).toBe('authorize');
  expect(noteOf(entry, 'unknown_client').message).toContain('"someone-else"');
});

test('credentials in both a Basic header and the body that disagree: client_credentials_conflict', async () => {
  const { mark, headers } = markedRequest();
  const response = await plugin
    .chatGpt({ credentials: 'basic' })
    .exchangeCode(await freshCode(), { client_secret: wrongSecret }, { headers });
  expect(response.status).toBe(401);
  const note = noteOf(await plugin.api.entryMarked(mark), 'client_credentials_conflict');
  expect(note.message).not.toContain(wrongSecret);
  expect(note.message).not.toContain(knownClient.secret);
});
