import { describe, expect, it } from 'vitest';
import { markedRequest } from '../support/control-client';
import { httpRequest } from '../support/http-request';
import { noteOf, knownUser as testUser, usePluginFixture } from '../support/plugin-fixture';

/** RFC 6750 §3 at the plugin API: what each kind of missing or bad credentials is answered with. */
describe('the API’s bearer challenge', () => {
  const running = usePluginFixture();

  it('without credentials: 401 with a challenge that carries no error code (§3.1), and no error in the body', async () => {
    const response = await httpRequest(`${running.publicUrl}/me`);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="Handshake"');
    expect(response.json.error).toBeUndefined();
  });

  it('with another scheme (no bearer credentials either): 401 with the bare challenge', async () => {
    const response = await httpRequest(`${running.publicUrl}/me`, { headers: { authorization: 'Token abc' } });
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="Handshake"');
  });

  it('"Authorization: Bearer" with no token after it: 400 invalid_request', async () => {
    for (const authorization of ['Bearer', 'Bearer ', 'Bearer two tokens']) {
      const response = await httpRequest(`${running.publicUrl}/me`, { headers: { authorization } });
      expect(response.status, authorization).toBe(400);
      expect(response.json.error).toBe('invalid_request');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="Handshake", error="invalid_request"/);
    }
  });

  it('a token Handshake does not know: 401 invalid_token', async () => {
    const response = await httpRequest(`${running.publicUrl}/me`, { headers: { authorization: 'Bearer hsa_unknown' } });
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="Handshake", error="invalid_token"/);
    expect(response.json.error).toBe('invalid_token');
  });

  it('a valid access token in the query string is ignored: 401 without credentials, and the log says why', async () => {
    const { tokens } = await running.chatGpt().install(testUser);
    const { mark, headers } = markedRequest();
    const response = await httpRequest(`${running.publicUrl}/me?access_token=${encodeURIComponent(tokens.access_token)}`, { headers });
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="Handshake"');
    expect(noteOf(await running.api.entryMarked(mark), 'bearer_missing').message).toContain('query string is ignored');
    expect((await httpRequest(`${running.publicUrl}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(
      200,
    );
  });
});
