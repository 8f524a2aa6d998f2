import { generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrafficEntry, TrafficJwt } from '../../../server/traffic/traffic-entry';
import type { McpOAuthClient } from '../../chatgpt-simulator/mcp-oauth-client';
import { useMcpFixture } from '../mcp-authorization/mcp-fixture';
import { markedRequest } from '../support/control-client';
import { httpRequest } from '../support/http-request';

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
};

const verdictOf = (jwt: TrafficJwt, name: string) => jwt.verdicts.find((verdict) => verdict.name === name);
const signaturePart = (token: string) => token.split('.')[2];

/** Real tokens through the real server, read back from Traffic through the control API. */
describe('Traffic decodes the JWTs it records', () => {
  const mcp = useMcpFixture();
  let client: McpOAuthClient;
  let accessToken: string;
  let idToken: string;
  let tokenEntry: TrafficEntry;

  beforeAll(async () => {
    client = await mcp.chatGpt();
    await client.register();
    const authorized = await client.authorize(mcp.user, { scope: 'openid email' });
    const answer = await client.exchange(authorized);
    expect(answer.status).toBe(200);
    accessToken = answer.json.access_token;
    idToken = answer.json.id_token;
    tokenEntry = await mcp.plugin.api.waitForEntry((entry) => entry.kind === 'token' && entry.status === 200 && Boolean(entry.jwts));
  });

  async function callMcp(token: string): Promise<TrafficEntry> {
    const { mark, headers } = markedRequest();
    await httpRequest(mcp.mcpUrl, {
      method: 'POST',
      body: initialize,
      headers: { ...headers, Authorization: `Bearer ${token}`, Accept: 'application/json, text/event-stream' },
    });
    return mcp.plugin.api.entryMarked(mark);
  }

  it('judges the token response: the access token for this MCP server and the id_token for the client, both verified', () => {
    const [access, id] = tokenEntry.jwts!;
    expect(access).toMatchObject({ role: 'access_token', where: 'access_token in the response', signature: { verdict: 'verified' } });
    expect(access.header).toMatchObject({ typ: 'at+jwt', alg: 'RS256' });
    expect(access.claims).toMatchObject({
      iss: mcp.plugin.publicUrl,
      aud: mcp.mcpUrl,
      client_id: client.client!.client_id,
      scope: 'openid email',
    });
    for (const name of ['exp', 'iss', 'aud']) expect(verdictOf(access, name)?.level).toBe('ok');
    expect(id).toMatchObject({ role: 'id_token', signature: { verdict: 'verified' }, claims: { aud: client.client!.client_id } });
    expect(verdictOf(id, 'aud')?.level).toBe('ok');
    expect(tokenEntry.notes.filter((note) => note.code.startsWith('jwt_'))).toEqual([]);
  });

  it('stores neither token, nor any signature part', () => {
    const stored = JSON.stringify(tokenEntry);
    for (const token of [accessToken, idToken]) {
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(signaturePart(token));
    }
  });

  it('judges the access token an MCP request carries, and keeps it masked', async () => {
    const entry = await callMcp(accessToken);
    const [jwt] = entry.jwts!;
    expect(jwt).toMatchObject({ role: 'access_token', where: 'Authorization header', signature: { verdict: 'verified' } });
    expect(verdictOf(jwt, 'aud')).toMatchObject({ level: 'ok', message: 'Names this MCP server.' });
    expect(JSON.stringify(entry)).not.toContain(signaturePart(accessToken));
    expect(entry.request.headers.authorization).not.toContain(accessToken);
  });

  it('flags a token whose claims were changed after signing', async () => {
    const [header, , signature] = accessToken.split('.');
    const claims = { ...JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()), aud: 'https://elsewhere.example/mcp' };
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const [jwt] = (await callMcp(tampered)).jwts!;
    expect(jwt.signature.verdict).toBe('bad_signature');
    expect(verdictOf(jwt, 'aud')?.message).toContain('issued for another audience');
  });

  it('flags a token signed by a key Handshake does not publish, an expired one and a foreign issuer', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const foreign = await new SignJWT({ aud: mcp.mcpUrl, sub: 'someone' })
      .setProtectedHeader({ alg: 'RS256', kid: 'not-handshakes', typ: 'at+jwt' })
      .setIssuer(`${mcp.plugin.publicUrl}/`)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(privateKey);
    const [jwt] = (await callMcp(foreign)).jwts!;
    expect(jwt.signature.verdict).toBe('unknown_kid');
    expect(verdictOf(jwt, 'kid')?.level).toBe('error');
    expect(verdictOf(jwt, 'exp')).toMatchObject({ level: 'error' });
    expect(verdictOf(jwt, 'iss')?.message).toContain('trailing slash');
  });

  it('decodes a client_assertion without keeping it, and judges it against the client and this token endpoint', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const clientId = 'https://client.example/oauth/client.json';
    const assertion = await new SignJWT({ jti: 'j1' })
      .setProtectedHeader({ alg: 'ES256', kid: 'client-key' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(`${mcp.plugin.publicUrl}/oauth/token`)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const { mark, headers } = markedRequest();
    await httpRequest(`${mcp.plugin.publicUrl}/oauth/token`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'nope',
        client_id: clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }).toString(),
    });
    const entry = await mcp.plugin.api.entryMarked(mark);
    const jwt = entry.jwts!.find((one) => one.role === 'client_assertion')!;
    expect(jwt.signature.verdict).toBe('not_checked');
    expect(verdictOf(jwt, 'iss')?.level).toBe('ok');
    expect(verdictOf(jwt, 'aud')?.level).toBe('ok');
    expect(JSON.stringify(entry)).not.toContain(signaturePart(assertion));
  });

  it('after "rotate and retire the old key now", names the retired kid on the next request with the old token', async () => {
    await mcp.plugin.api.call('POST', '/api/keys/rotate', { retireNow: true });
    const entry = await callMcp(accessToken);
    const [jwt] = entry.jwts!;
    expect(jwt.signature.verdict).toBe('retired_kid');
    expect(verdictOf(jwt, 'kid')?.message).toContain('no longer in the JWKS');
    expect(entry.notes).toContainEqual(expect.objectContaining({ level: 'warn', code: 'jwt_kid' }));
  });

  it.each(['auth0', 'keycloak', 'cognito'])(
    'judges a token minted like %s as that provider’s verifier would, not as a mismatch',
    async (shape) => {
      await mcp.plugin.api.call('PATCH', '/api/settings', { tokenShape: shape });
      try {
        const shaped = await mcp.chatGpt();
        await shaped.register();
        const answer = await shaped.exchange(await shaped.authorize(mcp.user, { scope: 'openid email' }));
        expect(answer.status).toBe(200);
        const entry = await callMcp(answer.json.access_token);
        const [jwt] = entry.jwts!;
        for (const verdict of jwt.verdicts) expect(verdict.level, `${verdict.name}: ${verdict.message}`).not.toBe('error');
        expect(entry.notes.filter((note) => note.code.startsWith('jwt_'))).toEqual([]);
      } finally {
        await mcp.plugin.api.call('PATCH', '/api/settings', { tokenShape: 'handshake' });
      }
    },
  );
});
