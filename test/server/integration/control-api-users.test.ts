import { randomUUID } from 'node:crypto';
import type { UserView } from '../../../server/store/records';
import { markHeader } from '../support/control-client';
import { knownUser, noteOf, usePluginFixture } from '../support/plugin-fixture';

/** Users through the control API of a real core: what the sign-in page and the token endpoint then accept. */
const plugin = usePluginFixture();

/** What must never appear in a user listing: hashes, the scrypt format, any password we set. */
function expectNoSecrets(json: string, passwords: string[]) {
  expect(json).not.toMatch(/passwordHash|password/i);
  expect(json).not.toContain('scrypt');
  for (const password of passwords) expect(json).not.toContain(password);
}

test('POST /api/users creates (201) a user who can sign in; listings and answers never carry passwords or hashes', async () => {
  const password = 'Carol-has-a-long-passw0rd';
  const created = await plugin.api.send('POST', '/api/users', { email: 'carol@example.com', password, name: 'Carol' });
  expect(created.status).toBe(201);
  expect(created.json).toMatchObject({ email: 'carol@example.com', name: 'Carol', activeGrants: 0 });
  expectNoSecrets(created.text, [password]);

  const { tokens } = await plugin.gpt.install({ email: 'carol@example.com', password });
  expect(tokens.access_token).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);

  const listed = await plugin.api.send('GET', '/api/users');
  expect(listed.status).toBe(200);
  expectNoSecrets(listed.text, [password, knownUser.password]);
  const carol = (listed.json as UserView[]).find((user) => user.email === 'carol@example.com');
  expect(carol?.activeGrants).toBe(1);
  expect(Object.keys(carol!).sort()).toEqual(['activeGrants', 'createdAt', 'email', 'emailVerified', 'id', 'name', 'updatedAt']);
});

test('a duplicate email (in any case) is 409 naming the field, and no second user appears', async () => {
  const before = (await plugin.api.get<UserView[]>('/api/users')).length;
  const duplicate = await plugin.api.send('POST', '/api/users', {
    email: knownUser.email.toUpperCase(),
    password: 'another long password',
  });
  expect(duplicate.status).toBe(409);
  expect(duplicate.json.error).toMatchObject({ code: 'conflict', field: 'email' });
  expect((await plugin.api.get<UserView[]>('/api/users')).length).toBe(before);
});

test.each([
  [{ email: 'not-an-email', password: 'long enough password' }, 'email'],
  [{ email: 'dave@example.com', password: 'short' }, 'password'],
  [{ email: 'dave@example.com', password: 'long enough password', role: 'admin' }, ''],
])('bad user input %j is 400 naming the field, nothing created', async (body, field) => {
  const before = await plugin.api.get<UserView[]>('/api/users');
  const response = await plugin.api.send('POST', '/api/users', body);
  expect(response.status).toBe(400);
  expect(response.json.error.code).toBe('invalid_input');
  if (field) expect(response.json.error.field).toBe(field);
  expect(response.json.error.message).toBeTruthy();
  expect(await plugin.api.get<UserView[]>('/api/users')).toEqual(before);
});

test('PATCH /api/users/:id changes the password: the old one stops signing in, the new one works', async () => {
  const erin = await plugin.addUser('erin@example.com', 'erin-first-password');
  const patched = await plugin.api.send('PATCH', `/api/users/${erin.id}`, { password: 'erin-second-password', name: 'Erin E.' });
  expect(patched.status).toBe(200);
  expect(patched.json.name).toBe('Erin E.');
  expectNoSecrets(patched.text, ['erin-first-password', 'erin-second-password']);

  const { form } = await plugin.gpt.authorize();
  const old = await plugin.gpt.signIn(form!, { email: 'erin@example.com', password: 'erin-first-password' });
  expect(old.response.status).toBe(401);
  expect(old.code).toBeNull();
  await plugin.gpt.install({ email: 'erin@example.com', password: 'erin-second-password' });

  const invalid = await plugin.api.send('PATCH', `/api/users/${erin.id}`, { email: 'nope' });
  expect(invalid.status).toBe(400);
  expect(invalid.json.error.field).toBe('email');
});

test('DELETE /api/users/:id revokes the user at once: an issued token fails at the API, an unexchanged code at the token endpoint', async () => {
  const frank = await plugin.addUser('frank@example.com');
  const { tokens } = await plugin.gpt.install(frank);
  const { code: pendingCode } = await plugin.gpt.obtainCode(frank);
  expect((await plugin.gpt.callApi(tokens.access_token)).status).toBe(200);

  const deleted = await plugin.api.send('DELETE', `/api/users/${frank.id}`);
  expect(deleted.status).toBe(200);
  expect(deleted.json).toEqual({ deleted: true, revokedGrants: 1 });
  expect((await plugin.api.get<UserView[]>('/api/users')).map((user) => user.email)).not.toContain('frank@example.com');

  const api = await plugin.gpt.callApi(tokens.access_token);
  expect(api.status).toBe(401);
  const mark = randomUUID();
  const exchange = await plugin.gpt.exchangeCode(pendingCode, {}, { headers: { [markHeader]: mark } });
  expect(exchange.status).toBe(400);
  expect(exchange.json.error).toBe('invalid_grant');
  expect(noteOf(await plugin.api.entryMarked(mark), 'user_removed').message).toContain('removed');

  const { form } = await plugin.gpt.authorize();
  expect((await plugin.gpt.signIn(form!, frank)).response.status).toBe(401);
  expect((await plugin.api.send('DELETE', `/api/users/${frank.id}`)).status).toBe(404);
});

test("deleting a user leaves other users' tokens working", async () => {
  const grace = await plugin.addUser('grace@example.com');
  const heidi = await plugin.addUser('heidi@example.com');
  const graceTokens = (await plugin.gpt.install(grace)).tokens;
  const heidiTokens = (await plugin.gpt.install(heidi)).tokens;
  await plugin.api.call('DELETE', `/api/users/${grace.id}`);
  expect((await plugin.gpt.callApi(graceTokens.access_token)).status).toBe(401);
  const mark = randomUUID();
  expect((await plugin.gpt.callApi(heidiTokens.access_token, '/me', { headers: { [markHeader]: mark } })).status).toBe(200);
  expect((await plugin.api.entryMarked(mark)).userEmail).toBe('heidi@example.com');
});
