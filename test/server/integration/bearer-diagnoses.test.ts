import type { GrantView } from '../../../server/store/records';
import { markedRequest } from '../support/control-client';
import { noteOf, usePluginFixture } from '../support/plugin-fixture';

/** Issue 3's diagnoses of a 401 at the API (and of a refresh for a removed user), through the real core. */
const plugin = usePluginFixture();

test('an access token expired by POST /api/faults {kind: expire-access-tokens}: access_token_expired; a refresh recovers', async () => {
  const { tokens } = await plugin.gpt.install(plugin.user);
  expect((await plugin.gpt.callApi(tokens.access_token)).status).toBe(200);
  expect((await plugin.api.send('POST', '/api/faults', { kind: 'expire-access-tokens' })).status).toBe(201);

  const { mark, headers } = markedRequest();
  const response = await plugin.gpt.callApi(tokens.access_token, '/me', { headers });
  expect(response.status).toBe(401);
  expect(response.json.error).toBe('invalid_token');
  expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  const note = noteOf(await plugin.api.entryMarked(mark), 'access_token_expired');
  expect(note.message).toContain('refresh token');

  const refreshed = await plugin.gpt.refresh(tokens.refresh_token);
  expect(refreshed.status).toBe(200);
  expect((await plugin.gpt.callApi(refreshed.json.access_token)).status).toBe(200);
});

test('a grant revoked with DELETE /api/grants/:id: access_token_revoked', async () => {
  const { tokens, flowId } = await plugin.gpt.install(plugin.user);
  const grant = (await plugin.api.get<GrantView[]>('/api/grants')).find((candidate) => candidate.flowId === flowId);
  expect(grant).toBeDefined();
  expect(await plugin.api.call('DELETE', `/api/grants/${grant!.id}`)).toEqual({ revoked: true });

  const { mark, headers } = markedRequest();
  expect((await plugin.gpt.callApi(tokens.access_token, '/me', { headers })).status).toBe(401);
  expect(noteOf(await plugin.api.entryMarked(mark), 'access_token_revoked').message).toContain('revoked from Handshake');
});

test('a token Handshake never issued: access_token_unknown; a refresh token used as bearer is named', async () => {
  const unknown = markedRequest();
  expect((await plugin.gpt.callApi('hsa_never_issued_token_value_0000000000', '/me', { headers: unknown.headers })).status).toBe(401);
  expect(noteOf(await plugin.api.entryMarked(unknown.mark), 'access_token_unknown').level).toBe('error');

  const { tokens } = await plugin.gpt.install(plugin.user);
  const misplaced = markedRequest();
  expect((await plugin.gpt.callApi(tokens.refresh_token, '/me', { headers: misplaced.headers })).status).toBe(401);
  expect(noteOf(await plugin.api.entryMarked(misplaced.mark), 'access_token_unknown').message).toContain('refresh token');
});

test('a user removed with DELETE /api/users/:id: user_removed at the API and at refresh', async () => {
  const bob = await plugin.addUser('bob@example.com');
  const { tokens } = await plugin.gpt.install(bob);
  expect((await plugin.gpt.callApi(tokens.access_token)).status).toBe(200);
  expect(await plugin.api.call('DELETE', `/api/users/${bob.id}`)).toEqual({ deleted: true, revokedGrants: 1 });

  const api = markedRequest();
  expect((await plugin.gpt.callApi(tokens.access_token, '/me', { headers: api.headers })).status).toBe(401);
  expect(noteOf(await plugin.api.entryMarked(api.mark), 'user_removed').level).toBe('error');

  const refresh = markedRequest();
  const refreshed = await plugin.gpt.refresh(tokens.refresh_token, {}, { headers: refresh.headers });
  expect(refreshed.status).toBe(400);
  expect(refreshed.json.error).toBe('invalid_grant');
  expect(noteOf(await plugin.api.entryMarked(refresh.mark), 'user_removed').message).toContain('removed');
});

test('a request without a bearer token and one with a malformed header are told apart', async () => {
  const missing = markedRequest();
  const bare = await plugin.gpt.callApi('', '/me', { headers: { Authorization: '', ...missing.headers } });
  expect(bare.status).toBe(401);
  expect(noteOf(await plugin.api.entryMarked(missing.mark), 'bearer_missing').level).toBe('error');

  const malformed = markedRequest();
  await plugin.gpt.callApi('', '/me', { headers: { Authorization: 'Token abc', ...malformed.headers } });
  expect(noteOf(await plugin.api.entryMarked(malformed.mark), 'bearer_malformed').message).toContain('"Token"');
});
