import { chatGptPluginCallback } from '../../chatgpt-simulator/chatgpt-client';
import { markedRequest } from '../support/control-client';
import { noteOf, usePluginFixture } from '../support/plugin-fixture';

/** Issue 3's authorize, code and refresh diagnoses, each triggered through the real core by the request that causes it. */
const plugin = usePluginFixture();

describe('at authorize', () => {
  test('a redirect_uri off the allowlist: redirect_uri_not_allowed, showing it against the allowlist', async () => {
    const { mark, headers } = markedRequest();
    const altered = `${plugin.gpt.redirectUri}/`;
    const { response } = await plugin.gpt.authorize({ redirect_uri: altered }, headers);
    expect(response.status).toBe(400);
    expect(response.headers.location).toBeUndefined();

    const note = noteOf(await plugin.api.entryMarked(mark), 'redirect_uri_not_allowed');
    expect(note.message).toContain(altered);
    expect(note.message).toContain('https://chat.openai.com/aip/*/oauth/callback');
    expect(note.message).toContain('https://chatgpt.com/aip/*/oauth/callback');
    expect(note.message).toMatch(/trailing slash|should end with/);
  });

  test('a redirect_uri added to settings.redirectUris is allowed on the next request, and listed in the refusal', async () => {
    const extra = 'https://plugin.example.com/callback';
    const before = await plugin.gpt.authorize({ redirect_uri: extra });
    expect(before.response.status).toBe(400);
    await plugin.api.call('PATCH', '/api/settings', { redirectUris: [extra] });
    try {
      expect((await plugin.gpt.authorize({ redirect_uri: extra })).response.status).toBe(200);
      const { mark, headers } = markedRequest();
      await plugin.gpt.authorize({ redirect_uri: 'https://plugin.example.com/other' }, headers);
      expect(noteOf(await plugin.api.entryMarked(mark), 'redirect_uri_not_allowed').message).toContain(extra);
    } finally {
      await plugin.api.call('PATCH', '/api/settings', { redirectUris: [] });
    }
  });

  test('no state: state_missing on the authorize request', async () => {
    const { mark, headers } = markedRequest();
    const { response } = await plugin.gpt.authorize({ state: undefined }, headers);
    expect(response.status).toBe(200);
    const note = noteOf(await plugin.api.entryMarked(mark), 'state_missing');
    expect(note.message).toContain('Missing `state` param');
  });

  test('PKCE parameters: pkce_sent', async () => {
    const { mark, headers } = markedRequest();
    await plugin.gpt.authorize({ code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' }, headers);
    const note = noteOf(await plugin.api.entryMarked(mark), 'pkce_sent');
    expect(note.message).toContain('code_challenge');
  });

  test('scope= present but empty: scope_empty; a real scope: no such note', async () => {
    const empty = markedRequest();
    await plugin.gpt.authorize({ scope: '' }, empty.headers);
    expect(noteOf(await plugin.api.entryMarked(empty.mark), 'scope_empty').level).toBe('info');

    const scoped = markedRequest();
    await plugin.gpt.authorize({ scope: 'todos' }, scoped.headers);
    expect((await plugin.api.entryMarked(scoped.mark)).notes.map((note) => note.code)).not.toContain('scope_empty');
  });
});

describe('at the token endpoint', () => {
  test('redirect_uri at token differs from authorize: redirect_uri_mismatch, showing both', async () => {
    const { code } = await plugin.gpt.obtainCode(plugin.user);
    const other = chatGptPluginCallback();
    const { mark, headers } = markedRequest();
    const response = await plugin.gpt.exchangeCode(code, { redirect_uri: other }, { headers });
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('invalid_grant');
    const note = noteOf(await plugin.api.entryMarked(mark), 'redirect_uri_mismatch');
    expect(note.message).toContain(plugin.gpt.redirectUri);
    expect(note.message).toContain(other);
  });

  test('a code exchanged twice: code_reused, and the tokens of the first exchange stop working', async () => {
    const { code } = await plugin.gpt.obtainCode(plugin.user);
    const first = await plugin.gpt.exchangeCode(code);
    expect(first.status).toBe(200);
    expect((await plugin.gpt.callApi(first.json.access_token)).status).toBe(200);

    const { mark, headers } = markedRequest();
    const second = await plugin.gpt.exchangeCode(code, {}, { headers });
    expect(second.status).toBe(400);
    expect(second.json.error).toBe('invalid_grant');
    expect(noteOf(await plugin.api.entryMarked(mark), 'code_reused').level).toBe('error');

    const api = markedRequest();
    expect((await plugin.gpt.callApi(first.json.access_token, '/me', { headers: api.headers })).status).toBe(401);
    expect(noteOf(await plugin.api.entryMarked(api.mark), 'access_token_revoked').message).toMatch(
      /authorization code was presented a second time/,
    );
  });

  test('a code exchanged after its lifetime: code_expired', async () => {
    await plugin.api.call('PATCH', '/api/settings', { authorizationCodeTtl: 1 });
    try {
      const { code } = await plugin.gpt.obtainCode(plugin.user);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const { mark, headers } = markedRequest();
      const response = await plugin.gpt.exchangeCode(code, {}, { headers });
      expect(response.status).toBe(400);
      expect(response.json.error).toBe('invalid_grant');
      expect(noteOf(await plugin.api.entryMarked(mark), 'code_expired').message).toContain('1 s');
    } finally {
      await plugin.api.call('PATCH', '/api/settings', { authorizationCodeTtl: 60 });
    }
  });

  test('a code Handshake never issued: code_unknown (and a refresh token sent as a code is named)', async () => {
    const { mark, headers } = markedRequest();
    const response = await plugin.gpt.exchangeCode('hsc_made_up_code_that_was_never_issued', {}, { headers });
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('invalid_grant');
    expect(noteOf(await plugin.api.entryMarked(mark), 'code_unknown').level).toBe('error');

    const { tokens } = await plugin.gpt.install(plugin.user);
    const misplaced = markedRequest();
    await plugin.gpt.exchangeCode(tokens.refresh_token, {}, { headers: misplaced.headers });
    expect(noteOf(await plugin.api.entryMarked(misplaced.mark), 'code_unknown').message).toContain('looks like a refresh token');
  });

  test('a refresh token rotated out and presented again: refresh_token_reused, and the grant is revoked', async () => {
    const { tokens } = await plugin.gpt.install(plugin.user);
    const refreshed = await plugin.gpt.refresh(tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.refresh_token).not.toBe(tokens.refresh_token);

    const { mark, headers } = markedRequest();
    const reused = await plugin.gpt.refresh(tokens.refresh_token, {}, { headers });
    expect(reused.status).toBe(400);
    expect(reused.json.error).toBe('invalid_grant');
    expect(noteOf(await plugin.api.entryMarked(mark), 'refresh_token_reused').message).toContain('rotated out');

    const after = markedRequest();
    expect((await plugin.gpt.refresh(refreshed.json.refresh_token, {}, { headers: after.headers })).status).toBe(400);
    expect(noteOf(await plugin.api.entryMarked(after.mark), 'grant_revoked').level).toBe('error');
  });

  test('a form body while the manifest declares JSON: content_type_mismatch listing the fields parsed', async () => {
    expect((await plugin.api.get('/api/settings')).authorizationContentType).toBe('application/json');
    const { code } = await plugin.gpt.obtainCode(plugin.user);
    const { mark, headers } = markedRequest();
    const response = await plugin.gpt.exchangeCode(code, {}, { encoding: 'form', headers });
    expect(response.status).toBe(200);
    const note = noteOf(await plugin.api.entryMarked(mark), 'content_type_mismatch');
    expect(note.level).toBe('warn');
    expect(note.message).toContain('application/x-www-form-urlencoded');
    expect(note.message).toContain('"application/json"');
    for (const field of ['grant_type', 'code', 'redirect_uri', 'client_id', 'client_secret']) expect(note.message).toContain(field);
  });

  test('a JSON body matching authorization_content_type: no content_type_mismatch', async () => {
    const { code } = await plugin.gpt.obtainCode(plugin.user);
    const { mark, headers } = markedRequest();
    expect((await plugin.gpt.exchangeCode(code, {}, { headers })).status).toBe(200);
    expect((await plugin.api.entryMarked(mark)).notes).toEqual([]);
  });

  test('PKCE at the token endpoint: pkce_sent', async () => {
    const { code } = await plugin.gpt.obtainCode(plugin.user);
    const { mark, headers } = markedRequest();
    await plugin.gpt.exchangeCode(code, { code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk' }, { headers });
    expect(noteOf(await plugin.api.entryMarked(mark), 'pkce_sent').message).toContain('code_verifier');
  });
});
